# ruff: noqa: RUF001  (full-width punctuation is the point of this corpus)
"""Write the round-trip corpus: small synthetic news articles, one construct each.

The text is invented for this project. Run ``python generate.py`` in this directory to
rewrite the ``*.html`` files; the files are committed so tests never depend on this.
"""

from __future__ import annotations

from pathlib import Path

ZH = [
    "市政府周二宣布，明年起将在全市范围内推行新的垃圾分类办法，居民需按四类投放。",
    "据气象部门预测，本周末将有一次明显降温过程，北部山区可能出现今冬首场降雪。",
    "这家位于城东的老字号书店已经营业六十年，店主说，来买书的年轻人比往年多了。",
    "交通管理部门表示，地铁三号线延长段将于下月底开通试运营，沿线新增七座车站。",
    "多名受访教师认为，减轻课业负担的关键在于改变评价方式，而不只是减少作业。",
    "河畔公园改造工程近日完工，新建的步道全长四公里，夜间照明全部采用节能灯具。",
    "一项针对两千名上班族的调查显示，超过半数受访者每天通勤时间在一小时以上。",
    "博物馆新展厅展出了近百件出土文物，其中多件青铜器是首次与公众见面。",
]
ZH_HANT = [
    "市議會週四通過新版預算案，其中教育與醫療支出較去年分別增加百分之八與六。",
    "颱風預計明晚登陸東部沿海，氣象單位提醒民眾做好防颱準備，避免前往海邊。",
    "這間開業三十年的麵包店宣布歇業，不少老顧客專程前來排隊，買最後一批麵包。",
]
EN = [
    "The city council voted on Tuesday to extend the night bus network to four new districts.",
    "Officials said the bridge would remain closed until engineers finish a safety review.",
    "Farmers in the valley reported the earliest harvest in a decade after a warm spring.",
    "The library will open on Sundays from next month, according to a notice posted online.",
    "Researchers at the university published a survey of air quality in 40 school yards.",
    "A spokesperson for the port authority declined to comment on the shipping delays.",
    "Residents gathered outside the town hall to ask for more frequent rubbish collection.",
    "The museum's new wing, designed by a local firm, doubles the space for temporary shows.",
]


def zh(i: int) -> str:
    return ZH[i % len(ZH)]


def en(i: int) -> str:
    return EN[i % len(EN)]


def paras(texts: list[str]) -> str:
    return "\n".join(f"<p>{t}</p>" for t in texts)


ARTICLES: dict[str, str] = {
    "01_paragraphs_zh": paras([zh(0), zh(1), zh(2)]),
    "02_paragraphs_en": paras([en(0), en(1), en(2)]),
    "03_line_breaks": (
        f"<p>{zh(3)}<br>{zh(4)}<br/>\n{zh(5)}</p>\n"
        "<p>City Hall<br>1 Main Street<br>Springfield<br></p>\n"
        f"<p><br>{en(3)}<br><br>{en(4)}</p>"
    ),
    "04_headings_zh": (
        f"<h1>新政解读</h1><p>{zh(0)}</p><h2>一、背景</h2><p>{zh(1)}</p>"
        f"<h3>（一）数据</h3><p>{zh(2)}</p><h4>细节</h4><h5>说明</h5><h6>附注</h6><p>{zh(3)}</p>"
    ),
    "05_headings_en": (
        f"<h2>What happened #</h2><p>{en(0)}</p><h3>Why it matters</h3><p>{en(1)}</p>"
        "<h4>C#  and  F# users</h4><h5></h5><h6>Notes <em>for</em> readers</h6>"
    ),
    "06_unordered_list": f"<p>{en(5)}</p><ul><li>{en(0)}</li><li>{en(1)}</li><li>{en(2)}</li></ul>",
    "07_ordered_list": (
        f"<p>{zh(6)}</p><ol><li>{zh(0)}</li><li>{zh(1)}</li></ol>"
        f'<ol start="7"><li>{en(2)}</li><li>{en(3)}</li><li>{en(4)}</li><li>{en(5)}</li></ol>'
    ),
    "08_nested_lists": (
        "<ul><li>第一层<ul><li>第二层<ol><li>第三层甲</li><li>第三层乙</li></ol></li>"
        '<li>第二层丙</li></ul></li><li>Top level two<ol start="3"><li>three</li>'
        "<li>four<ul><li>deep</li></ul></li></ol></li></ul>"
    ),
    "09_list_paragraphs": (
        f"<ol><li><p>{en(0)}</p><p>{en(1)}</p></li><li><p>{en(2)}</p>"
        f"<ul><li>{en(3)}</li></ul></li><li>{zh(1)}</li></ol>"
    ),
    "10_blockquote": (
        f"<p>{zh(2)}</p><blockquote><p>{zh(3)}</p><p>{zh(4)}</p></blockquote><p>{zh(5)}</p>"
    ),
    "11_nested_blockquote": (
        f"<blockquote><p>{en(0)}</p><blockquote><p>{en(1)}</p><ul><li>{en(2)}</li>"
        f"<li>{en(3)}</li></ul></blockquote><p>{en(4)}</p></blockquote>"
    ),
    "12_table_thead": (
        "<table><thead><tr><th>城市</th><th>人口（万）</th><th>增长</th></tr></thead>"
        "<tbody><tr><td>北城</td><td>320</td><td>1.2%</td></tr><tr><td>南港</td><td>180</td>"
        "<td>0.8%</td></tr></tbody></table>"
    ),
    "13_table_no_header": (
        f"<p>{en(6)}</p><table><tr><td>Route</td><td>Stops</td></tr><tr><td>N1</td><td>12</td></tr>"
        "<tr><td>N2</td><td>9</td></tr></table>"
    ),
    "14_table_pipes": (
        "<table><tr><th>Operator</th><th>Meaning</th></tr>"
        "<tr><td><code>a | b</code></td><td>either a | or b</td></tr>"
        "<tr><td>line one<br>line two</td><td><p>para one</p><p>para two</p></td></tr></table>"
    ),
    "15_table_caption_colspan": (
        '<table><caption>2023 年各区预算</caption><tr><th align="left">区</th>'
        '<th align="right">金额</th><th align="center">备注</th></tr>'
        '<tr><td colspan="2">合计</td><td>含追加</td></tr><tr><td>东区</td><td>12</td>'
        "<td></td></tr></table>"
    ),
    "16_code_block": (
        f'<p>{en(7)}</p><pre><code>def fence():\n    return "```"\n\n\n# end</code></pre>'
        "<pre>plain pre with <b>bold</b> and a\nbreak<br>here</pre>"
    ),
    "17_inline_code": (
        "<p>Use <code>git log</code> or <code>a`b</code> or <code>``x``</code> and "
        "<code> spaced </code> and <code>|pipe|</code>. 使用<code>命令</code>查看。</p>"
    ),
    "18_emphasis_en": (
        "<p>This is <strong>very</strong> important, <em>really</em>, and <del>wrong</del> "
        "<s>old</s> <strike>gone</strike> <b>bold</b> <i>italic</i> words<strong>inside</strong>it "
        "and <em> spaced </em> too.</p>"
    ),
    "19_emphasis_zh": (
        "<p><strong>「文字」</strong>中文，<em>《报告》</em>指出，<strong>“重要”</strong>的是"
        "<strong>行动</strong>。<b>（注）</b>以上<em>内容</em>仅供参考。</p>"
        "<p>他说：<strong>“我们会继续。”</strong>然后离开。<del>删除「这里」</del>保留。</p>"
    ),
    "20_sup_sub": (
        "<p>H<sub>2</sub>O and CO<sub>2</sub> levels rose 10<sup>3</sup> times"
        "<sup>[1]</sup>. 注释<sup>①</sup>见文末。</p>"
    ),
    "21_figure_zh": (
        f'<p>{zh(7)}</p><figure><img src="/assets/a1.jpg" alt="青铜器">'
        "<figcaption>展出的青铜器（记者 摄）</figcaption></figure>"
    ),
    "22_figure_en": (
        '<figure><img src="/assets/b 2.jpg" alt="The bridge" title="North bridge">'
        "<figcaption><p>The bridge at dawn.</p><p>Photo: staff</p></figcaption></figure>"
        f"<p>{en(1)}</p><figure><figcaption>Caption first</figcaption>"
        '<img src="c.png" alt=""></figure>'
    ),
    "23_picture": (
        '<picture><source srcset="d.webp 1x, d2.webp 2x" type="image/webp">'
        '<img src="d.jpg" alt="Harbour"></picture>'
        '<p><picture><source srcset="only.webp"></picture></p>'
    ),
    "24_image_link": (
        '<p><a href="https://example.org/full.jpg"><img src="thumb.jpg" alt="thumb"></a></p>'
        f'<p>{en(2)} <a href="/x">link <img src="icon.png" alt="icon"> text</a></p>'
    ),
    "25_links": (
        '<p>See <a href="https://example.org/a b/(1)" title="A &quot;quoted&quot; title">'
        'the report</a>, <a href="mailto:desk@example.org">mail us</a>, '
        '<a>no href</a>, <a href="/n"></a>and <a href="/z"><strong>bold link</strong></a>。'
        '参见<a href="https://example.org/zh">全文</a>。</p>'
    ),
    "26_definition_list": (
        "<dl><dt>Budget</dt><dd>The plan of spending for the year.</dd><dt>预算</dt>"
        "<dd><p>一年的支出计划。</p></dd><dd>Second definition.</dd></dl>"
    ),
    "27_escaping_en": (
        "<p>1. not a list</p><p>2) nor this</p><p># not a heading</p><p>+ plus</p><p>- minus</p>"
        "<p>&gt; not a quote</p><p>*stars* and _under_ scores, snake_case_name</p>"
        "<p>[brackets](and parens) &lt;b&gt;tag&lt;/b&gt; `ticks` back\\slash ~tilde~ $5 and $6</p>"
        "<p>---</p><p>===</p><p>***</p><p>a | b</p><p>&amp;copy; &amp;#169; AT&amp;T</p><p>Wow!</p>"
    ),
    "28_escaping_zh": (
        "<p>1. 第一条不是列表</p><p># 号开头</p><p>- 破折号开头</p><p>&gt; 引用符号</p>"
        "<p>星号*乘号*和下划线_符号_</p><p>【方括号】[英文方括号]</p><p>２０２３. 年</p>"
        "<p>2023. 年度回顾</p>"
    ),
    "29_cjk_wrapping": (
        "<p>市政府周二宣布，\n明年起将在全市范围内推行\n新的垃圾分类办法。\n"
        "English words\nwrap normally\n与中文\n混排 ok。</p>"
        "<p><strong>加粗</strong>\n接着<em>斜体</em>\n继续</p>"
    ),
    "30_whitespace": (
        "\n\n   <div>\n  <p>   Leading   and\ttrailing   spaces   </p>\n\n"
        "  <p>\u00a0</p>\n  <p>non\u00a0breaking\u00a0space</p>\n"
        "  <p>  <em>  spaced  emphasis  </em>  end  </p>\n</div>\n\n"
    ),
    "31_hr": f"<p>{en(3)}</p><hr><p>{en(4)}</p><hr/><p>{zh(4)}</p>",
    "32_full_zh": (
        f"<h1>城市更新</h1><p>{zh(0)}<strong>记者</strong>报道。</p>"
        f'<figure><img src="/i/1.jpg" alt="公园"><figcaption>改造后的河畔公园</figcaption></figure>'
        f"<h2>要点</h2><ul><li>{zh(1)}</li><li>{zh(2)}</li></ul><blockquote><p>{zh(3)}</p>"
        f"</blockquote><table><tr><th>项目</th><th>进度</th></tr><tr><td>步道</td><td>完成</td>"
        f'</tr></table><p>{zh(4)}<a href="/p/2">相关报道</a>。</p>'
    ),
    "33_full_en": (
        f"<h1>Night buses</h1><p>{en(0)} <em>Reporting</em> by staff.</p><h2>Routes</h2>"
        f'<ol><li>{en(1)}</li><li>{en(2)}</li></ol><figure><img src="bus.jpg" alt="bus">'
        f"<figcaption>A night bus</figcaption></figure><pre><code>N1 23:00\nN2 23:30</code></pre>"
        f"<blockquote>{en(3)}</blockquote><p>{en(4)}</p>"
    ),
    "34_rare_inline": (
        "<p><span>span</span> <small>small</small> <mark>mark</mark> <u>underline</u> "
        '<abbr title="World Health Organization">WHO</abbr> <cite>The Times</cite> '
        '<q>quoted words</q> <time datetime="2024-01-01">New Year</time>。</p>'
    ),
    "35_wrappers": (
        f"<article><section><div><p>{en(5)}</p></div><div>{en(6)}</div></section>"
        f"<section><div><div>{zh(5)}</div></div></section></article>"
    ),
    "36_adjacent_lists": (
        "<ul><li>apples</li><li>pears</li></ul><ul><li>onions</li></ul>"
        "<ol><li>first</li></ol><ol><li>again</li></ol>"
    ),
    "37_lazy_images": (
        '<p><img data-src="lazy.jpg" alt="lazy"> <img data-original="orig.jpg" alt="orig">'
        ' <img srcset="set-1.jpg 1x, set-2.jpg 2x" alt="set"></p>'
    ),
    "38_link_around_blocks": (f'<a href="/story"><div><p>{en(7)}</p></div></a><p>{en(0)}</p>'),
    "39_empty_elements": (
        "<p></p><p> </p><p><strong></strong><em> </em></p><div></div>"
        f"<ul><li></li><li>{en(1)}</li></ul><p>{en(2)}</p>"
    ),
    "40_blocks_in_lists": (
        f"<ul><li><p>{en(3)}</p><table><tr><th>A</th><th>B</th></tr><tr><td>1</td><td>2</td>"
        f"</tr></table></li><li><pre><code>code in list</code></pre></li>"
        f"<li><blockquote><p>{zh(1)}</p></blockquote></li></ul>"
    ),
    "41_quote_blocks": (
        "<blockquote><h2>Quoted heading</h2><pre><code>quoted\n\ncode</code></pre>"
        f"<ol><li>{en(4)}</li></ol></blockquote>"
    ),
    "42_nested_emphasis": (
        "<p><strong><em>both</em></strong> <em>a <strong>b</strong> c</em> "
        "<strong>x <em>y</em></strong> <em>one</em><em>two</em> "
        "<strong>强调<em>斜体</em>结束</strong>。<em><em>double</em></em></p>"
    ),
    "43_numbers_line_start": (
        "<p>2024. A year of change.</p><p>1) First point<br>2) Second point<br>3. Third</p>"
        "<p>10.5 percent</p><p>1986年，大桥建成。</p>"
    ),
    "44_entities": (
        "<p>Fish &amp; chips &lt;3 &quot;quotes&quot; &#169; &copy; caf&eacute; "
        "&nbsp;— &lt;!-- not a comment --&gt;</p>"
    ),
    "45_long_en": paras([" ".join(en(i + j) for j in range(4)) for i in range(4)]),
    "46_fullwidth": (
        "<p>全角标点：，。！？；：“”‘’「」『』（）【】《》〈〉……——～·、</p>"
        "<p>ＡＢＣ１２３ 全角字母数字。<strong>（强调）</strong>测试。</p>"
    ),
    "47_traditional": (
        f"<h2>臺北報導</h2>{paras(ZH_HANT)}<blockquote><p><em>「我們會堅持下去。」</em>"
        "店主說。</p></blockquote>"
    ),
    "48_mixed_dl_links": (
        '<dl><dt><a href="/glossary/gdp">GDP</a></dt><dd>Gross domestic product, see '
        '<a href="https://example.org/gdp_(economics)">the article</a>.</dd>'
        "<dt><em>通胀</em></dt><dd>物价总水平持续上涨。</dd></dl>"
    ),
}


def main() -> None:
    here = Path(__file__).parent
    for name, body in ARTICLES.items():
        (here / f"{name}.html").write_text(body + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
