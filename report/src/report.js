// pktscope report: draws every section from the data document embedded in the page
// (<script id="pktscope-data">, schema pktscope.report/1, docs/cli/report.md). All charts are
// Apache ECharts instances (embedded above); tables are plain HTML, sortable by column.
// window.__pktscope exposes the chart instances and a `rendered` flag for tests.
(function () {
  'use strict';

  var DATA = JSON.parse(document.getElementById('pktscope-data').textContent);
  var S = DATA.summary;
  var state = { charts: {}, rendered: false, pending: 0, alertTimeline: [], errors: [] };
  window.__pktscope = state;

  var CLASS_COLORS = { tcp: '#2f6fdb', udp: '#26a269', icmp: '#e66100', other: '#8a8f99' };
  var CLASS_LABELS = { tcp: 'TCP', udp: 'UDP', icmp: 'ICMP/ICMPv6', other: 'Other' };
  var SEV_COLORS = { high: '#c62828', medium: '#ef6c00', low: '#f9a825', info: '#607d8b' };

  // Zeek's conn_state descriptions (Conn::Info$conn_state).
  var TCP_STATES = {
    S0: 'Connection attempt seen, no reply',
    S1: 'Connection established, not terminated',
    SF: 'Normal establishment and termination',
    REJ: 'Connection attempt rejected',
    S2: 'Established, close attempt by originator seen (no reply from responder)',
    S3: 'Established, close attempt by responder seen (no reply from originator)',
    RSTO: 'Established, originator aborted (sent a RST)',
    RSTR: 'Responder sent a RST',
    RSTOS0: 'Originator sent a SYN followed by a RST, no SYN-ACK from the responder',
    RSTRH: 'Responder sent a SYN-ACK followed by a RST, no SYN from the originator',
    SH: 'Originator sent a SYN followed by a FIN, no SYN-ACK from the responder',
    SHR: 'Responder sent a SYN-ACK followed by a FIN, no SYN from the originator',
    OTH: 'No SYN seen, just midstream traffic'
  };

  // ---- formatting -------------------------------------------------------------------------
  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    }
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  }
  function num(n) { return n === null || n === undefined ? '-' : Number(n).toLocaleString('en-US'); }
  function bytesText(n) {
    if (n === null || n === undefined) { return '-'; }
    var u = ['B', 'kB', 'MB', 'GB', 'TB', 'PB'];
    var i = 0;
    var v = Number(n);
    while (v >= 1000 && i < u.length - 1) { v /= 1000; i++; }
    return (i === 0 ? v.toFixed(0) : v.toFixed(v < 10 ? 2 : 1)) + ' ' + u[i];
  }
  function ms(ns) { return Number(ns) / 1e6; }
  function utc(msValue) {
    var d = new Date(msValue);
    return d.toISOString().replace('T', ' ').replace('Z', ' UTC');
  }
  function durationText(ns) {
    var s = Number(ns) / 1e9;
    if (s < 1) { return (s * 1000).toFixed(3) + ' ms'; }
    if (s < 120) { return s.toFixed(3) + ' s'; }
    if (s < 7200) { return (s / 60).toFixed(1) + ' min'; }
    if (s < 172800) { return (s / 3600).toFixed(2) + ' h'; }
    return (s / 86400).toFixed(2) + ' d';
  }
  function intervalText(ns) {
    var s = Number(ns) / 1e9;
    if (s < 1) { return (s * 1000) + ' ms'; }
    if (s < 60) { return s + ' s'; }
    if (s < 3600) { return (s / 60) + ' min'; }
    if (s < 86400) { return (s / 3600) + ' h'; }
    return (s / 86400) + ' d';
  }
  function pct(part, whole) { return whole ? (100 * part / whole).toFixed(1) + '%' : '-'; }

  // ---- charts -----------------------------------------------------------------------------
  var BASE = { animation: false, useUTC: true, textStyle: { fontFamily: 'system-ui, "DejaVu Sans", sans-serif' } };
  function chart(name, option) {
    var node = document.querySelector('[data-chart="' + name + '"]');
    var inst = echarts.init(node, null, { renderer: 'canvas' });
    state.pending++;
    inst.on('finished', function onFinished() {
      inst.off('finished', onFinished);
      state.pending--;
      if (state.pending === 0) { state.rendered = true; }
    });
    inst.setOption(Object.assign({}, BASE, option));
    state.charts[name] = inst;
    return inst;
  }
  function emptyNote(name, text) {
    var node = document.querySelector('[data-chart="' + name + '"]');
    node.classList.add('empty');
    node.style.height = 'auto';
    node.textContent = text;
  }
  function timeAxis(name) {
    return { type: 'time', name: name || 'time (UTC)', nameLocation: 'middle', nameGap: 28,
      axisLabel: { hideOverlap: true } };
  }
  function zoom() {
    return [{ type: 'inside', xAxisIndex: 0, filterMode: 'none' },
            { type: 'slider', xAxisIndex: 0, height: 18, bottom: 6, filterMode: 'none' }];
  }
  function seriesTimes(s) {
    var n = s.packets[s.classes[0]].length;
    var t = new Array(n);
    var start = Number(s.start_ns), w = Number(s.interval_ns);
    for (var i = 0; i < n; i++) { t[i] = (start + i * w) / 1e6; }
    return t;
  }

  function trafficCharts() {
    var s = DATA.series;
    var times = seriesTimes(s);
    var perSecond = 1e9 / Number(s.interval_ns);
    document.getElementById('traffic-note').textContent =
      'Per ' + intervalText(s.interval_ns) + ' interval, stacked by protocol class; rates are ' +
      'averages over each interval. Drag the slider or scroll over a chart to zoom; both charts ' +
      'follow each other.';
    function one(name, key, scale, unit, axisFmt) {
      var series = s.classes.map(function (c) {
        var vals = s[key][c];
        var data = new Array(vals.length);
        for (var i = 0; i < vals.length; i++) { data[i] = [times[i], vals[i] * scale]; }
        return { name: CLASS_LABELS[c], type: 'line', stack: 'total', areaStyle: { opacity: 0.5 },
          symbol: 'none', sampling: 'lttb', lineStyle: { width: 1 }, color: CLASS_COLORS[c], data: data };
      });
      return chart(name, {
        title: { text: key === 'bytes' ? 'Throughput by protocol' : 'Packet rate by protocol',
          left: 'center', textStyle: { fontSize: 13 } },
        tooltip: { trigger: 'axis' },
        legend: { top: 22 },
        grid: { left: 100, right: 30, top: 60, bottom: 62 },
        xAxis: timeAxis(),
        yAxis: { type: 'value', name: unit, nameLocation: 'middle', nameGap: 82,
          axisLabel: { formatter: axisFmt } },
        dataZoom: zoom(),
        series: series
      });
    }
    var bitsFmt = function (v) {
      var u = ['bit/s', 'kbit/s', 'Mbit/s', 'Gbit/s', 'Tbit/s'];
      var i = 0;
      while (Math.abs(v) >= 1000 && i < u.length - 1) { v /= 1000; i++; }
      return (Math.round(v * 100) / 100) + ' ' + u[i];
    };
    var a = one('traffic_bytes', 'bytes', 8 * perSecond, 'throughput (bits/s)', bitsFmt);
    var b = one('traffic_packets', 'packets', perSecond, 'packets/s', function (v) { return num(Math.round(v * 100) / 100); });
    echarts.connect([a, b]);
  }

  function densityChart() {
    var d = DATA.size_density;
    if (!d.cells.length) { emptyNote('size_density', 'No packets.'); return; }
    var times = [];
    for (var i = 0; i < d.columns; i++) { times.push(utc((Number(d.start_ns) + i * Number(d.interval_ns)) / 1e6).slice(0, 23)); }
    var sizes = d.size_bins.map(function (b) { return b[0] + '–' + b[1]; });
    document.getElementById('density-note').textContent =
      'Packets per ' + intervalText(d.interval_ns) + ' column and size bin (bytes on the wire), ' +
      'counted in one pass over every packet; colour on a logarithmic scale.';
    var data = d.cells.map(function (c) { return [c[0], c[1], Math.log10(c[2] + 1), c[2]]; });
    chart('size_density', {
      title: { text: 'Packet size over time', left: 'center', textStyle: { fontSize: 13 } },
      tooltip: { formatter: function (p) {
        return times[p.value[0]] + ' UTC<br>' + sizes[p.value[1]] + ' bytes: ' + num(p.value[3]) + ' packets'; } },
      grid: { left: 90, right: 90, top: 40, bottom: 70 },
      xAxis: { type: 'category', data: times, name: 'time (UTC)', nameLocation: 'middle', nameGap: 44,
        axisLabel: { hideOverlap: true, formatter: function (v) { return v.slice(11, 19); } } },
      yAxis: { type: 'category', data: sizes, name: 'packet size (bytes)', nameLocation: 'middle', nameGap: 70 },
      visualMap: { min: 0, max: Math.log10(Number(d.max) + 1), calculable: true, orient: 'vertical',
        right: 5, top: 'middle', dimension: 2, text: ['more', 'fewer'],
        inRange: { color: ['#f7fbff', '#6baed6', '#08306b', '#e6550d'] },
        formatter: function (v) { return num(Math.round(Math.pow(10, v) - 1)); } },
      dataZoom: [{ type: 'inside', xAxisIndex: 0 }, { type: 'slider', xAxisIndex: 0, height: 16, bottom: 4 }],
      series: [{ type: 'heatmap', data: data, progressive: 0 }]
    });
  }

  function histogramChart() {
    var h = DATA.size_histogram;
    if (!h.bins.length) { emptyNote('size_histogram', 'No packets.'); return; }
    document.getElementById('histogram-note').textContent =
      'Every packet counted, ' + h.bin_width + '-byte bins; quantiles: min ' + S.packet_sizes.min +
      ', median ' + S.packet_sizes.p50 + ', p90 ' + S.packet_sizes.p90 + ', p99 ' + S.packet_sizes.p99 +
      ', max ' + S.packet_sizes.max + ' bytes.';
    chart('size_histogram', {
      title: { text: 'Packet size distribution', left: 'center', textStyle: { fontSize: 13 } },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      grid: { left: 80, right: 30, top: 40, bottom: 50 },
      xAxis: { type: 'category', name: 'packet size (bytes)', nameLocation: 'middle', nameGap: 30,
        data: h.bins.map(function (b) { return b[0] + '–' + b[1]; }) },
      yAxis: { type: 'value', name: 'packets', nameLocation: 'middle', nameGap: 60 },
      series: [{ type: 'bar', name: 'packets', color: '#2f6fdb', data: h.bins.map(function (b) { return b[2]; }) }]
    });
  }

  function connectionsChart() {
    var c = DATA.connections;
    var n = c.counts[c.classes[0]].length;
    if (!n) { emptyNote('connections', 'No flows.'); return; }
    var w = Number(c.interval_ns);
    var label = w === 60e9 ? 'per minute' : 'per ' + intervalText(w);
    document.getElementById('connections-note').textContent =
      'Flows (connections) opened ' + label + ', by protocol class, from the flow table.';
    chart('connections', {
      title: { text: 'New connections ' + label, left: 'center', textStyle: { fontSize: 13 } },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { top: 22 },
      grid: { left: 80, right: 30, top: 60, bottom: 62 },
      xAxis: timeAxis(),
      yAxis: { type: 'value', name: 'connections ' + label, nameLocation: 'middle', nameGap: 60 },
      dataZoom: zoom(),
      series: c.classes.map(function (k) {
        return { name: CLASS_LABELS[k], type: 'bar', stack: 'all', color: CLASS_COLORS[k],
          barCategoryGap: '10%',
          data: c.counts[k].map(function (v, i) { return [(Number(c.start_ns) + i * w) / 1e6 + w / 2e6, v]; }) };
      })
    });
  }

  function hostHeatmap() {
    var m = S.host_matrix;
    if (!m.hosts.length) { emptyNote('host_heatmap', 'No IP traffic.'); return; }
    var data = [];
    var peak = 0;
    for (var i = 0; i < m.hosts.length; i++) {
      for (var j = 0; j < m.hosts.length; j++) {
        var v = m.bytes[i][j];
        if (v > 0) { data.push([j, i, Math.log10(v + 1), v]); peak = Math.max(peak, v); }
      }
    }
    chart('host_heatmap', {
      title: { text: 'Bytes from source (row) to destination (column)', left: 'center', textStyle: { fontSize: 13 } },
      tooltip: { formatter: function (p) {
        return m.hosts[p.value[1]] + ' → ' + m.hosts[p.value[0]] + ': ' + bytesText(p.value[3]); } },
      grid: { left: 150, right: 90, top: 40, bottom: 110 },
      xAxis: { type: 'category', data: m.hosts, name: 'destination', nameLocation: 'middle', nameGap: 95,
        axisLabel: { rotate: 35 } },
      yAxis: { type: 'category', data: m.hosts, name: 'source', nameLocation: 'middle', nameGap: 135, inverse: true },
      visualMap: { min: 0, max: Math.log10(peak + 1), calculable: true, right: 5, top: 'middle',
        dimension: 2, inRange: { color: ['#fff5eb', '#fd8d3c', '#a63603'] },
        formatter: function (v) { return bytesText(Math.pow(10, v) - 1); } },
      series: [{ type: 'heatmap', data: data, label: { show: m.hosts.length <= 12, fontSize: 10,
        formatter: function (p) { return bytesText(p.value[3]); } } }]
    });
  }

  function tcpStates() {
    var st = S.flows.tcp_states;
    var names = Object.keys(st).filter(function (k) { return st[k] > 0; });
    var rows = Object.keys(st).map(function (k) { return [k, TCP_STATES[k] || '', st[k]]; })
      .filter(function (r) { return r[2] > 0; });
    table('table-tcp-states', 'tcp_states', [
      { t: 'state' }, { t: 'meaning', wrap: true }, { t: 'flows', num: true }], rows);
    if (!names.length) { emptyNote('tcp_states', 'No TCP flows.'); return; }
    chart('tcp_states', {
      title: { text: 'TCP flows by final connection state (Zeek conn_state)', left: 'center', textStyle: { fontSize: 13 } },
      tooltip: { formatter: function (p) { return p.name + ': ' + num(p.value) + ' flows<br>' + (TCP_STATES[p.name] || ''); } },
      grid: { left: 80, right: 30, top: 40, bottom: 50 },
      xAxis: { type: 'category', data: names, name: 'state', nameLocation: 'middle', nameGap: 30 },
      yAxis: { type: 'value', name: 'flows', nameLocation: 'middle', nameGap: 60 },
      series: [{ type: 'bar', color: '#2f6fdb', data: names.map(function (k) { return st[k]; }),
        label: { show: true, position: 'top' } }]
    });
  }

  function icmpTypes() {
    var rows = S.icmp.map(function (r) {
      return [r.version === 'icmp' ? 'ICMP' : 'ICMPv6', r.type, r.code, r.description, r.packets, r.bytes];
    });
    table('table-icmp', 'icmp', [{ t: 'protocol' }, { t: 'type', num: true }, { t: 'code', num: true },
      { t: 'description', wrap: true }, { t: 'packets', num: true }, { t: 'bytes', num: true, fmt: bytesText }], rows);
    if (!rows.length) { emptyNote('icmp_types', 'No ICMP messages.'); return; }
    var labels = S.icmp.map(function (r) { return (r.version === 'icmp' ? 'ICMP ' : 'ICMPv6 ') + r.type + '/' + r.code; });
    chart('icmp_types', {
      title: { text: 'ICMP messages by type/code', left: 'center', textStyle: { fontSize: 13 } },
      tooltip: { formatter: function (p) { var r = S.icmp[p.dataIndex]; return p.name + ' — ' + r.description + ': ' + num(r.packets) + ' packets'; } },
      grid: { left: 160, right: 40, top: 40, bottom: 40 },
      yAxis: { type: 'category', data: labels, inverse: true, name: 'type/code', nameLocation: 'end' },
      xAxis: { type: 'value', name: 'packets', nameLocation: 'middle', nameGap: 26 },
      series: [{ type: 'bar', color: '#e66100', data: S.icmp.map(function (r) { return r.packets; }) }]
    });
  }

  // ---- tables -----------------------------------------------------------------------------
  // cols: {t: title, num: numeric, fmt: display function, wrap: wrap text, html: cell is a node}
  // Tables longer than `limit` rows show the first `limit` (in the current sort order) and a
  // button for the rest, so that a long table costs nothing until asked for.
  function table(id, name, cols, rows, limit) {
    var shown = limit || Infinity;
    var host = document.getElementById(id);
    host.textContent = '';
    if (!rows.length) { host.appendChild(el('p', { 'class': 'empty' }, 'None.')); return; }
    var t = el('table', { 'class': 'data', 'data-table': name, 'data-rows': String(rows.length) });
    var thead = el('thead');
    var hr = el('tr');
    var tbody = el('tbody');
    cols.forEach(function (c, i) {
      var th = el('th', c.num ? { 'class': 'num' } : null, c.t);
      th.addEventListener('click', function () { sortBy(i); });
      hr.appendChild(th);
    });
    thead.appendChild(hr);
    t.appendChild(thead);
    t.appendChild(tbody);
    var order = rows.slice();
    var sorted = { col: -1, dir: 1 };
    var more = el('button', { type: 'button', 'class': 'more' });
    more.addEventListener('click', function () { shown = Infinity; fill(); });
    function fill() {
      tbody.textContent = '';
      more.hidden = order.length <= shown;
      more.textContent = 'Show all ' + num(order.length) + ' rows';
      order.slice(0, Math.min(order.length, shown)).forEach(function (r) {
        var tr = el('tr');
        if (r.rowId) { tr.id = r.rowId; }
        cols.forEach(function (c, i) {
          var td = el('td', c.num ? { 'class': 'num', 'data-value': String(r[i]) } : (c.wrap ? { 'class': 'wrap' } : null));
          var v = r[i];
          if (v instanceof Node) { td.appendChild(v); } else { td.textContent = c.fmt ? c.fmt(v) : (c.num ? num(v) : v); }
          tr.appendChild(td);
        });
        tbody.appendChild(tr);
      });
    }
    function key(r, i) { var v = r[i]; return v instanceof Node ? v.textContent : v; }
    function sortBy(i) {
      sorted.dir = sorted.col === i ? -sorted.dir : (cols[i].num ? -1 : 1);
      sorted.col = i;
      order.sort(function (a, b) {
        var x = key(a, i), y = key(b, i);
        if (cols[i].num) { return (Number(x) - Number(y)) * sorted.dir; }
        return String(x).localeCompare(String(y), 'en', { numeric: true }) * sorted.dir;
      });
      Array.prototype.forEach.call(hr.children, function (th, k) {
        th.classList.toggle('sorted-asc', k === i && sorted.dir > 0);
        th.classList.toggle('sorted-desc', k === i && sorted.dir < 0);
      });
      fill();
    }
    fill();
    host.appendChild(t);
    host.appendChild(more);
  }

  function overview() {
    var c = S.capture;
    var cards = [
      ['Packets', num(c.packets), [
        c.cut_by_snaplen ? num(c.cut_by_snaplen) + ' cut by snaplen' : '',
        c.dropped_while_capturing ? num(c.dropped_while_capturing) + ' dropped while capturing' : ''
      ].filter(Boolean).join('; ')],
      ['Bytes on the wire', bytesText(c.bytes), num(c.bytes) + ' bytes'],
      ['Duration', durationText(c.duration_ns), ''],
      ['First packet', c.first ? c.first.slice(0, 19).replace('T', ' ') : 'n/a', c.first ? 'UTC, +' + c.first.slice(19, 29) + ' s' : ''],
      ['Last packet', c.last ? c.last.slice(0, 19).replace('T', ' ') : 'n/a', c.last ? 'UTC, +' + c.last.slice(19, 29) + ' s' : ''],
      ['Average rate', c.bits_per_second === null ? 'n/a' : bytesText(c.bits_per_second / 8) + '/s',
        c.packets_per_second === null ? '' : num(Math.round(c.packets_per_second)) + ' packets/s'],
      ['Average packet', c.average_packet_bytes === null ? 'n/a' : c.average_packet_bytes.toFixed(1) + ' bytes', ''],
      ['Flows', num(S.flows.total), num(S.flows.tcp_handshakes) + ' TCP handshakes'],
      ['Alerts', num(DATA.alerts.length), DATA.alerts.length ? 'see Alerts below' : 'none raised'],
      ['Files', DATA.summary.files.map(function (f) { return f.slice(f.lastIndexOf('/') + 1); }).join(', '),
        S.filter ? 'filter: ' + S.filter : DATA.summary.files.join(', ')],
      ['Link types', c.link_types.map(function (l) { return l.name; }).join(', ') || 'n/a',
        c.complete ? 'read to the end' : c.problems.length + ' file(s) cut short']
    ];
    var host = document.getElementById('overview-cards');
    cards.forEach(function (k) {
      var d = el('div', { 'class': 'card' });
      d.appendChild(el('div', { 'class': 'k' }, k[0]));
      d.appendChild(el('div', { 'class': 'v' }, k[1]));
      if (k[2]) { d.appendChild(el('div', { 'class': 's' }, k[2])); }
      host.appendChild(d);
    });
    var classRows = Object.keys(S.classes).filter(function (k) { return S.classes[k].packets > 0; })
      .map(function (k) { return [k, S.classes[k].packets, S.classes[k].bytes, pct(S.classes[k].bytes, c.bytes)]; });
    table('classes-table', 'classes', [{ t: 'class' }, { t: 'packets', num: true },
      { t: 'bytes', num: true, fmt: bytesText }, { t: '% bytes' }], classRows);
    table('phs-table', 'protocol_hierarchy', [{ t: 'protocol path' }, { t: 'frames', num: true },
      { t: 'bytes', num: true, fmt: bytesText }],
      S.protocol_hierarchy.map(function (n) { return [n.path, n.frames, n.bytes]; }));
  }

  function talkers() {
    var hostCols = [{ t: 'address' }, { t: 'packets', num: true }, { t: 'bytes', num: true, fmt: bytesText },
      { t: 'flows', num: true }];
    var hostRow = function (r) { return [r.address, r.packets, r.bytes, r.flows]; };
    table('table-src', 'top_src', hostCols, S.top.src.map(hostRow));
    table('table-dst', 'top_dst', hostCols, S.top.dst.map(hostRow));
    table('table-pairs', 'top_pairs', [{ t: 'host a' }, { t: 'host b' }, { t: 'packets', num: true },
      { t: 'bytes', num: true, fmt: bytesText }, { t: 'a → b', num: true, fmt: bytesText },
      { t: 'b → a', num: true, fmt: bytesText }, { t: 'flows', num: true }],
      S.top.pairs.map(function (r) { return [r.a, r.b, r.packets, r.bytes, r.a_to_b_bytes, r.b_to_a_bytes, r.flows]; }));
    table('table-ports', 'top_ports', [{ t: 'port', num: true }, { t: 'protocol' }, { t: 'service' },
      { t: 'flows', num: true }, { t: 'packets', num: true }, { t: 'bytes', num: true, fmt: bytesText }],
      S.top.ports.map(function (r) { return [r.port, r.protocol, r.service, r.flows, r.packets, r.bytes]; }));
  }

  // ---- alerts -----------------------------------------------------------------------------
  function valueText(v) {
    if (Array.isArray(v)) { return v.join(', '); }
    if (v !== null && typeof v === 'object') { return JSON.stringify(v); }
    return String(v);
  }

  function alerts() {
    var list = DATA.alerts;
    var flows = DATA.alert_flows;
    var kinds = [];
    list.forEach(function (a) { if (kinds.indexOf(a.kind) < 0) { kinds.push(a.kind); } });
    document.getElementById('alerts-note').textContent = list.length
      ? list.length + ' alert(s) from the detectors (pktscope detect). Click a bar to jump to its details.'
      : 'No alerts were raised.';
    var host = document.getElementById('alert-list');
    var flowAlerts = {};
    list.forEach(function (a, i) {
      var id = 'alert-' + i;
      var box = el('details', { 'class': 'alert ' + a.severity, id: id, 'data-alert': String(i) });
      var sum = el('summary');
      sum.appendChild(el('span', { 'class': 'sev sev-' + a.severity }, a.severity));
      sum.appendChild(document.createTextNode(' ' + a.kind + ' — ' + a.summary));
      box.appendChild(sum);
      var dl = el('dl');
      var add = function (k, v) { dl.appendChild(el('dt', null, k)); var dd = el('dd'); if (v instanceof Node) { dd.appendChild(v); } else { dd.textContent = v; } dl.appendChild(dd); };
      add('source', a.src === null || a.src === undefined ? 'many hosts' : a.src);
      add('destination', a.dst === null || a.dst === undefined ? 'many hosts' : a.dst);
      add('time', utc(ms(a.start_ns)) + ' → ' + utc(ms(a.end_ns)) + ' (' + durationText(Number(a.end_ns) - Number(a.start_ns)) + ')');
      Object.keys(a.evidence || {}).forEach(function (k) { add('evidence: ' + k, valueText(a.evidence[k])); });
      if (a.detector) { add('detector', a.detector.name + (a.detector.params ? ' ' + JSON.stringify(a.detector.params) : '')); }
      if (a.packets && a.packets.length) { add('evidence packets', 'input positions (0-based) ' + a.packets.join(', ')); }
      var links = el('span');
      (a.flow_refs || []).forEach(function (r, k) {
        (flowAlerts[r] = flowAlerts[r] || []).push(i);
        if (k) { links.appendChild(document.createTextNode(', ')); }
        var f = flows[r];
        links.appendChild(el('a', { href: '#flow-' + r }, f.src + ':' + f.sport + ' → ' + f.dst + ':' + f.dport));
      });
      if (!a.flow_refs || !a.flow_refs.length) { links.textContent = 'no single flow (many hosts or no flow state)'; }
      else if (a.flows_matched > a.flow_refs.length) { links.appendChild(document.createTextNode(' … (' + num(a.flows_matched) + ' flows in all; first ' + a.flow_refs.length + ' listed)')); }
      add('flows', links);
      box.appendChild(dl);
      host.appendChild(box);
    });
    var rows = flows.map(function (f, r) {
      var back = el('span');
      (flowAlerts[r] || []).forEach(function (i, k) {
        if (k) { back.appendChild(document.createTextNode(', ')); }
        back.appendChild(el('a', { href: '#alert-' + i }, '#' + i + ' ' + list[i].kind));
      });
      var row = [r, f.proto, f.src, f.sport, f.dst, f.dport, utc(ms(f.first_ns)), durationText(Number(f.last_ns) - Number(f.first_ns)),
        f.packets, f.bytes, f.state, f.history, back];
      row.rowId = 'flow-' + r;
      return row;
    });
    table('table-alert-flows', 'alert_flows', [{ t: '#', num: true }, { t: 'proto' }, { t: 'originator' }, { t: 'port', num: true },
      { t: 'responder' }, { t: 'port', num: true }, { t: 'first packet' }, { t: 'duration' }, { t: 'packets', num: true },
      { t: 'bytes', num: true, fmt: bytesText }, { t: 'state' }, { t: 'history' }, { t: 'alerts' }], rows, 200);
    document.querySelectorAll('#alert-list a, #table-alert-flows a').forEach(function (a) {
      a.addEventListener('click', function () {
        var id = a.getAttribute('href').slice(1);
        if (!document.getElementById(id)) { // a flow row not shown yet
          var btn = document.querySelector('#table-alert-flows button.more');
          if (btn) { btn.click(); }
        }
        var target = document.getElementById(id);
        if (target && target.tagName === 'DETAILS') { target.open = true; }
      });
    });

  }

  function alertsTimeline() {
    var list = DATA.alerts;
    var kinds = [];
    list.forEach(function (a) { if (kinds.indexOf(a.kind) < 0) { kinds.push(a.kind); } });
    if (!list.length) { emptyNote('alerts_timeline', 'No alerts.'); return; }
    var data = list.map(function (a, i) {
      return { value: [kinds.indexOf(a.kind), ms(a.start_ns), ms(a.end_ns), i], itemStyle: { color: SEV_COLORS[a.severity] || '#607d8b' } };
    });
    state.alertTimeline = data.map(function (d) { return d.value[3]; });
    var c = S.capture;
    var inst = chart('alerts_timeline', {
      title: { text: 'Alerts over time (colour = severity)', left: 'center', textStyle: { fontSize: 13 } },
      tooltip: { formatter: function (p) { var a = list[p.value[3]]; return '#' + p.value[3] + ' ' + a.kind + ' (' + a.severity + ')<br>' +
        utc(p.value[1]) + ' → ' + utc(p.value[2]) + '<br>' + a.summary; } },
      grid: { left: 130, right: 30, top: 40, bottom: 62 },
      xAxis: Object.assign(timeAxis(), { min: c.first_ns === null ? null : ms(c.first_ns), max: c.last_ns === null ? null : ms(c.last_ns) }),
      yAxis: { type: 'category', data: kinds, name: 'kind', nameLocation: 'end' },
      dataZoom: zoom(),
      series: [{ type: 'custom', name: 'alerts', encode: { x: [1, 2], y: 0 }, data: data,
        renderItem: function (params, api) {
          var y = api.coord([0, api.value(0)])[1];
          var x0 = api.coord([api.value(1), 0])[0];
          var x1 = api.coord([api.value(2), 0])[0];
          var h = api.size([0, 1])[1] * 0.5;
          var r = echarts.graphic.clipRectByRect({ x: x0, y: y - h / 2, width: Math.max(x1 - x0, 4), height: h },
            { x: params.coordSys.x, y: params.coordSys.y, width: params.coordSys.width, height: params.coordSys.height });
          return r && { type: 'rect', shape: r, style: api.style() };
        } }]
    });
    inst.on('click', function (p) {
      var box = document.getElementById('alert-' + p.value[3]);
      if (box) { box.open = true; box.scrollIntoView({ block: 'center' }); }
    });
  }

  // ---- main -------------------------------------------------------------------------------
  state.timings = {};
  function guard(fn, name) {
    var t0 = performance.now();
    try { fn(); } catch (e) { state.errors.push(name + ': ' + e.message); console.error('pktscope report: ' + name + ': ' + e.stack); }
    state.timings[name] = Math.round(performance.now() - t0);
  }
  document.getElementById('schema').textContent = DATA.schema;
  document.getElementById('page-title').textContent = DATA.title;
  // Every table first, then the charts: each chart measures its box, and measuring after the
  // page's text is complete costs one layout instead of one per chart.
  guard(overview, 'overview');
  guard(talkers, 'top tables');
  guard(alerts, 'alerts');
  guard(tcpStates, 'tcp states');
  guard(icmpTypes, 'icmp');
  guard(trafficCharts, 'traffic');
  guard(densityChart, 'size density');
  guard(histogramChart, 'size histogram');
  guard(connectionsChart, 'connections');
  guard(hostHeatmap, 'host heatmap');
  guard(alertsTimeline, 'alerts timeline');
  if (state.pending === 0) { state.rendered = true; }
  window.addEventListener('resize', function () {
    Object.keys(state.charts).forEach(function (k) { state.charts[k].resize(); });
  });
})();
