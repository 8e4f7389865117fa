# The two set-up commands: `make demo` and `make test` (see README.md).
# Both install what they need from Debian's packages first.

JOBS ?= $(shell nproc)
FUZZ_SECONDS ?= 60
CTEST = ctest --output-on-failure -j $(JOBS)

.PHONY: demo test deps build build-sanitize build-noexcept check-format format \
        test-release test-pending test-sanitize fuzz bench clean

demo: deps build
	scripts/demo.sh build/release/cli/pktscope

test: deps check-format build test-release build-noexcept build-sanitize test-sanitize fuzz

deps:
	@scripts/install-deps.sh

# The release preset, optimised with the profile of a training run (scripts/build-release.sh).
build:
	JOBS=$(JOBS) scripts/build-release.sh build/release

build-sanitize:
	cmake --preset sanitize >/dev/null
	cmake --build --preset sanitize -j $(JOBS)

build-noexcept:
	cmake --preset noexcept >/dev/null
	cmake --build --preset noexcept -j $(JOBS)

test-release: build
	cd build/release && $(CTEST) -LE pending

# Differential comparisons with open difference classes (see tests/differential/CMakeLists.txt).
test-pending: deps build
	cd build/release && $(CTEST) -L pending

# Unit, system and fuzz-regression tests again under ASan+UBSan; the differential
# tests exercise the same code on far more input and already ran in Release.
test-sanitize: build-sanitize
	cd build/sanitize && $(CTEST) -LE 'differential|pending'

fuzz: build-sanitize
	scripts/run-fuzzers.sh build/sanitize/fuzz $(FUZZ_SECONDS)

bench: build
	scripts/install-deps.sh --bench
	scripts/bench.sh build/release

check-format:
	scripts/check-format.sh

format:
	scripts/check-format.sh --fix

clean:
	rm -rf build
