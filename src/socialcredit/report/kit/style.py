"""How the pages look: the page's CSS and the colours the plots draw with.

The CSS is inlined into every page by the page shell in `page`, so a report needs no stylesheet
beside it; it is written for phones first (fluid grid, scrolling tables), keyboard users (a visible
focus ring, a skip link) and print. An audit's verdicts are told by a word as well as a colour
(red fail, amber warn, green pass), so no reader depends on telling the colours apart. The plot
colours are the Okabe-Ito palette, which stays distinguishable with the common colour-vision
deficiencies and in greyscale print.
"""

from __future__ import annotations

# Okabe-Ito: distinguishable with the common colour-vision deficiencies and in greyscale print.
BLUE = "#0072B2"
ORANGE = "#E69F00"
GREEN = "#009E73"
VERMILION = "#D55E00"
PURPLE = "#CC79A7"
SKY = "#56B4E9"
GREY = "#6b6b76"

CSS = """
:root{color-scheme:light;--fg:#1c1c21;--muted:#55555f;--bg:#fff;--line:#d5d5dd;
--soft:#f4f5f8;--accent:#0b5cad;--warn:#a3210f;--warn-bg:#fde9e5;--ok:#17663a;--ok-bg:#e4f3e9;
--caution:#7a4a00;--caution-bg:#fff3d4}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;background:var(--bg);color:var(--fg);
font:1rem/1.55 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",Arial,sans-serif}
.skip{position:absolute;left:.75rem;top:-4rem;z-index:10;padding:.5rem .9rem;
background:var(--accent);color:#fff;border-radius:.3rem;font-weight:600}
.skip:focus{top:.75rem}
header,main,footer{max-width:60rem;margin:0 auto;padding:0 1rem}
header{padding-top:1.5rem}
h1{font-size:1.65rem;line-height:1.25;margin:.2rem 0 .6rem}
h2{font-size:1.3rem;line-height:1.3;margin:2.6rem 0 .8rem;padding-bottom:.3rem;
border-bottom:2px solid var(--line)}
h3{font-size:1.05rem;margin:1.6rem 0 .5rem}
p,li,dd,dt,h1,h2,h3,figcaption,caption{overflow-wrap:anywhere}
.kicker{margin:0;color:var(--muted);font-size:.9rem;letter-spacing:.02em;text-transform:uppercase}
.lead{color:var(--muted);max-width:46rem}
a{color:var(--accent)}
:focus-visible{outline:3px solid var(--accent);outline-offset:2px}
main:focus{outline:none}
nav.toc{background:var(--soft);border-radius:.4rem;padding:.6rem 1rem;margin:1rem 0}
nav.toc h2{font-size:1rem;margin:0 0 .3rem;border:0;padding:0}
nav.toc ol{margin:0;padding-left:1.3rem;columns:2 16rem;column-gap:2rem}
figure{margin:1.2rem 0 1.6rem}
.plot{max-width:34rem}
.plot svg{display:block;width:100%;height:auto}
figcaption{font-size:.9rem;color:var(--muted);margin-top:.35rem;max-width:40rem}
.table-note{font-size:.9rem;color:var(--muted);margin:1rem 0 -.6rem;max-width:46rem}
th .note{display:block;font-weight:400;font-size:.85rem;color:var(--muted);margin-top:.1rem}
td .note{display:block;font-size:.85rem;color:var(--muted);margin-top:.1rem}
.dominated{color:#8a8a94}
.headline{font-weight:600}
.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(100%,22rem),1fr));
gap:0 1.5rem}
.grid>*{min-width:0}
.table-wrap{max-width:100%;overflow-x:auto;margin:1rem 0 1.4rem;
border:1px solid var(--line);border-radius:.4rem}
table{border-collapse:collapse;font-size:.93rem;min-width:100%}
caption{text-align:left;font-weight:600;padding:.55rem .7rem;background:var(--soft)}
th,td{padding:.4rem .7rem;border-top:1px solid var(--line);text-align:left;vertical-align:top}
thead th{background:var(--soft);font-weight:600;overflow-wrap:normal}
tbody th{font-weight:500;background:var(--bg)}
tr>:first-child{position:sticky;left:0;z-index:1}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
.ci{white-space:nowrap}
.flag{display:inline-block;background:var(--warn-bg);color:var(--warn);
border:1px solid var(--warn);border-radius:.3rem;padding:0 .35rem;margin-left:.3rem;
font-size:.8em;font-weight:700;letter-spacing:.02em;text-transform:uppercase;white-space:nowrap}
.tag-ok{color:var(--ok);font-weight:600}
.tag-bad{color:var(--warn);font-weight:600}
.callout{border-left:4px solid var(--warn);background:var(--warn-bg);padding:.6rem .9rem;
border-radius:0 .4rem .4rem 0;max-width:46rem}
.callout.ok{border-color:var(--ok);background:var(--ok-bg)}
.callout p{margin:0}
.callout ul{margin:.3rem 0 0;padding-left:1.3rem}
code{font-size:.92em;overflow-wrap:anywhere}
.verdict{display:flex;flex-wrap:wrap;align-items:baseline;gap:.1rem .7rem;margin:1rem 0;
padding:.7rem 1rem;border:2px solid currentColor;border-radius:.5rem;max-width:46rem}
.verdict .label{font-size:.85rem;font-weight:600;letter-spacing:.04em;text-transform:uppercase}
.verdict strong{font-size:1.7rem;line-height:1.15;letter-spacing:.03em;text-transform:uppercase}
.verdict .why{flex-basis:100%;color:var(--fg)}
.is-fail{color:var(--warn);background:var(--warn-bg)}
.is-warn{color:var(--caution);background:var(--caution-bg)}
.is-pass{color:var(--ok);background:var(--ok-bg)}
.badge{display:inline-block;border:1px solid currentColor;border-radius:.3rem;padding:0 .35rem;
font-size:.8rem;font-weight:700;letter-spacing:.03em;text-transform:uppercase;white-space:nowrap}
.finding{border:1px solid var(--line);border-left:6px solid var(--line);border-radius:.4rem;
padding:0 .9rem .6rem;margin:.9rem 0}
.finding.fail{border-left-color:var(--warn)}
.finding.warn{border-left-color:var(--caution)}
.finding.pass{border-left-color:var(--ok)}
.finding h4{font-size:1rem;line-height:1.4;margin:.6rem 0 .3rem;overflow-wrap:anywhere}
.finding p{margin:.3rem 0}
dl.facts{display:grid;grid-template-columns:auto minmax(0,1fr);gap:.15rem .8rem;margin:.4rem 0}
dl.facts dt{font-weight:600;color:var(--muted)}
dl.facts dd{margin:0;min-width:0}
dl.terms dt{font-weight:600}
dl.terms dd{margin:0 0 .5rem 1.2rem}
pre.quote{margin:.3rem 0 0;padding:.35rem .6rem;background:var(--soft);border-radius:.3rem;
font-size:.88rem;white-space:pre-wrap;overflow-wrap:anywhere}
.evidence{margin:.6rem 0 0;padding:.4rem .8rem;background:var(--soft);border-radius:.4rem}
.evidence ul{margin:.2rem 0;padding-left:1.2rem}
footer{margin-top:3rem;padding-bottom:2rem;color:var(--muted);font-size:.85rem;
border-top:1px solid var(--line)}
@media (max-width:30rem){h1{font-size:1.35rem}h2{font-size:1.15rem}
table{font-size:.86rem}th,td{padding:.35rem .5rem}}
@media print{.skip,nav.toc{display:none}h2{break-after:avoid}figure{break-inside:avoid}}
"""
