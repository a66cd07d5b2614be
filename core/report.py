"""A readable HTML report of the input checks (Traditional Chinese first, English beside it)."""
from __future__ import annotations

import html
from collections import Counter
from collections.abc import Sequence

from .messages import Problem
from .validation import summarize


def validation_html(problems: Sequence[Problem], title: str, inputs: Sequence[str], produced_at: str) -> str:
    """Render the problems as one self-contained HTML page: a summary by layer and code, then every problem."""
    counts = summarize(problems)
    by_code = Counter((p.layer, p.code, p.severity) for p in problems)
    esc = html.escape
    rows_summary = "".join(
        f"<tr><td>{esc(layer)}</td><td><code>{esc(code)}</code></td><td>{esc(sev)}</td><td>{n}</td></tr>"
        for (layer, code, sev), n in sorted(by_code.items())
    )
    rows = "".join(
        "<tr class='{cls}'><td>{i}</td><td>{sev}</td><td><code>{code}</code></td><td>{layer}</td><td>{fid}</td>"
        "<td>{field}</td><td>{zh}<br><span class='en'>{en}</span></td></tr>".format(
            cls=esc(p.severity), i=i, sev=esc(p.severity), code=esc(p.code), layer=esc(p.layer),
            fid="" if p.feature_id is None else p.feature_id, field=esc(p.field or ""),
            zh=esc(p.message_zh), en=esc(p.message_en),
        )
        for i, p in enumerate(problems, start=1)
    )
    inputs_html = "".join(f"<li>{esc(name)}</li>" for name in inputs)
    verdict = (
        "<p class='ok'>未發現錯誤，可進行劃設。 / No errors: the inputs can be used.</p>"
        if counts["errors"] == 0
        else "<p class='bad'>發現錯誤，請先修正。 / Errors found: correct them first.</p>"
    )
    return f"""<!DOCTYPE html>
<html lang="zh-Hant"><head><meta charset="utf-8"><title>{esc(title)}</title>
<style>
body {{ font-family: "Noto Sans CJK TC", "Microsoft JhengHei", sans-serif; margin: 2em; }}
table {{ border-collapse: collapse; margin-bottom: 2em; }}
td, th {{ border: 1px solid #bbb; padding: 4px 8px; vertical-align: top; }}
th {{ background: #eee; }} tr.error td:nth-child(2) {{ color: #b00020; font-weight: bold; }}
tr.warning td:nth-child(2) {{ color: #a06000; }} .en {{ color: #555; font-size: 90%; }}
.ok {{ color: #1b5e20; font-weight: bold; }} .bad {{ color: #b00020; font-weight: bold; }}
</style></head><body>
<h1>{esc(title)}</h1>
<p>產製時間 / Produced: {esc(produced_at)}</p>
<p>錯誤 / errors: <b>{counts["errors"]}</b>，警告 / warnings: <b>{counts["warnings"]}</b></p>
{verdict}
<h2>檢查的圖層 / Layers checked</h2><ul>{inputs_html}</ul>
<h2>摘要 / Summary</h2>
<table><tr><th>圖層 Layer</th><th>代碼 Code</th><th>等級 Severity</th><th>筆數 Count</th></tr>{rows_summary}</table>
<h2>問題清單 / Problems</h2>
<table><tr><th>#</th><th>等級</th><th>代碼</th><th>圖層</th><th>圖徵</th><th>欄位</th><th>說明 / Message</th></tr>{rows}</table>
</body></html>
"""
