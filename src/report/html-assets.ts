/**
 * The HTML report's style sheet and its one script (sorting a table by a
 * clicked column), inlined into the page: it opens from disk, from a CI
 * artifact or a mail attachment, with no network.
 */

/** The page's CSS. */
export const STYLE = `
:root{--bad:#c62828;--warn:#b26a00;--good:#2e7d32;--muted:#5f6b7a;--line:#d8dee6;--bg:#f6f8fa;--noise:#cfd8e3}
*{box-sizing:border-box}
body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1f2328;background:#fff}
header{padding:20px 28px 12px;border-bottom:1px solid var(--line);background:var(--bg)}
h1{margin:0 0 4px;font-size:22px}
h2{font-size:16px;margin:0 0 8px}
main{padding:8px 28px 40px;max-width:1100px}
.facts{color:var(--muted);margin:4px 0 12px}
.cards{display:flex;flex-wrap:wrap;gap:10px}
.card{border:1px solid var(--line);border-radius:8px;padding:8px 14px;background:#fff;min-width:110px}
.card b{display:block;font-size:22px}
.card.bad b{color:var(--bad)}.card.warn b{color:var(--warn)}.card.good b{color:var(--good)}
.badge{display:inline-block;border-radius:10px;padding:0 8px;font-size:12px;font-weight:600;color:#fff;vertical-align:1px}
.badge.r0{background:var(--bad)}.badge.r1{background:var(--warn)}.badge.r2{background:var(--good)}
article{border:1px solid var(--line);border-radius:8px;margin:16px 0;padding:14px 18px}
article.r0{border-left:5px solid var(--bad)}article.r1{border-left:5px solid var(--warn)}article.r2{border-left:5px solid var(--good)}
.invariant{margin:10px 0 4px}
.meta{color:var(--muted);font-size:13px;margin:2px 0 8px}
code{font:12.5px ui-monospace,SFMono-Regular,Menlo,monospace;background:var(--bg);padding:0 3px;border-radius:3px}
pre{background:var(--bg);padding:8px;overflow:auto;font-size:12.5px}
table{border-collapse:collapse;margin:6px 0 10px;font-size:13px}
th,td{border-bottom:1px solid var(--line);padding:3px 10px 3px 0;text-align:left;vertical-align:top}
th{font-weight:600;color:var(--muted)}
table.sortable th{cursor:pointer;user-select:none}
table.sortable th[aria-sort=ascending]::after{content:" ▲"}table.sortable th[aria-sort=descending]::after{content:" ▼"}
.charts{display:flex;flex-wrap:wrap;gap:12px;align-items:flex-start}
svg.chart{max-width:100%;height:auto;border:1px solid var(--line);border-radius:6px;background:#fff}
svg .grid{stroke:#eef1f4}svg .tick,svg .legend{font-size:11px;fill:var(--muted)}svg .label{font-size:12px;fill:#1f2328}
svg .label.first,svg .first-mark{fill:var(--bad);font-weight:600;font-size:11px}
svg .noise{fill:var(--noise);opacity:.6}svg .noise-mean{stroke:#8696a7;stroke-width:1.5}
svg .tolerance{stroke:var(--bad);stroke-width:1.5;stroke-dasharray:5 3}svg .tolerance-label{fill:var(--bad)}
svg .whisker{stroke-width:2.5}svg .whisker.good{stroke:var(--good)}svg .whisker.bad{stroke:var(--bad)}svg .whisker.warn{stroke:var(--warn)}svg .dot.warn{fill:var(--warn)}
svg .dot.good{fill:var(--good)}svg .dot.bad{fill:var(--bad)}svg .raw{fill:none;stroke:#1f2328;stroke-width:1.2}
svg .bar.good{fill:#5b8def}svg .bar.bad{fill:var(--bad)}svg .arrow{stroke:#c5ced8;stroke-width:1.5}
details summary{cursor:pointer;color:var(--muted)}
`

/** Click a header of a `table.sortable` to sort by that column (numbers as numbers); again to reverse. */
export const SORT_SCRIPT = `
document.querySelectorAll('table.sortable th').forEach(function (th) {
  th.addEventListener('click', function () {
    var table = th.closest('table'), body = table.tBodies[0], i = th.cellIndex
    var dir = th.getAttribute('aria-sort') === 'ascending' ? -1 : 1
    table.querySelectorAll('th').forEach(function (h) { h.removeAttribute('aria-sort') })
    th.setAttribute('aria-sort', dir === 1 ? 'ascending' : 'descending')
    var key = function (row) {
      var c = row.cells[i], s = c && c.querySelector('[data-sort]')
      return c ? (s ? s.getAttribute('data-sort') : c.textContent.trim()) : ''
    }
    var rows = Array.prototype.slice.call(body.rows)
    rows.sort(function (a, b) {
      var x = key(a), y = key(b), nx = parseFloat(x), ny = parseFloat(y)
      var c = !isNaN(nx) && !isNaN(ny) ? nx - ny : x.localeCompare(y)
      return c * dir
    })
    rows.forEach(function (r) { body.appendChild(r) })
  })
})
`
