"""Markdown is rendered safely; excerpts are plain text (escaped once, by the template)."""
from ideabox.markdown import markdown_excerpt, render_markdown


def test_scripts_and_event_handlers_never_survive():
    html = str(render_markdown('<script>alert(1)</script> <img src=x onerror=alert(1)> [x](javascript:alert(1))'))
    assert "<script" not in html and "<img" not in html and 'href="javascript' not in html
    assert "&lt;script&gt;" in html  # shown as text, never run


def test_excerpt_is_plain_text_not_html_entities():
    assert markdown_excerpt("**R&D** wants <dark> mode") == "R&D wants <dark> mode"


def test_excerpt_is_cut_on_a_word():
    excerpt = markdown_excerpt("word " * 100, length=20)
    assert len(excerpt) <= 20 and excerpt.endswith("word…")


def test_excerpt_of_a_long_text_comes_from_its_start():
    body = "We need **dark mode** on the mobile app. " + "More reasons follow. " * 500 + "[unclosed"
    excerpt = markdown_excerpt(body, length=60)
    assert excerpt.startswith("We need dark mode on the mobile app.") and excerpt.endswith("…")
    assert markdown_excerpt("short *text*") == "short text"


def test_a_table_is_padded_to_its_header_only_so_far():
    # a wide header over one-cell rows once made 2,000 characters into 662 kB of empty cells
    columns = 300
    text = "|" + "a|" * columns + "\n|" + "-|" * columns + "\n" + "|x\n" * 400 + "last words"
    html = str(render_markdown(text))
    assert html.count("<td") < 2000
    assert "last words" in html and html.count("|x") > 390  # the rows past the limit stay, as text


def test_a_short_row_of_a_real_table_is_still_padded():
    html = str(render_markdown("| a | b | c |\n|---|---|---|\n| 1 |\n| 2 | 3 |"))
    assert html.count("<tr>") == 3 and html.count("<td>") == 6 and html.count("<td></td>") == 3


def test_a_text_shown_again_is_not_rendered_again():
    text = "Please add **dark mode** " + "[" * 3000
    assert render_markdown(text) is render_markdown(text)


def test_a_text_that_multiplies_itself_is_shown_unformatted():
    # one link reference used 1,300 times once made 5,000 characters into 1 MB of HTML
    text = "[a]: https://example.com/" + "a" * 1000 + "\n\n<b>keep</b> " + "[a]" * 1300
    html = str(render_markdown(text))
    assert len(html) < 2 * len(text)
    assert html.startswith("<p>[a]: https://example.com/aaa") and "&lt;b&gt;keep&lt;/b&gt; [a][a]" in html
    assert "<a " not in html and "<b>" not in html


def test_heavy_but_real_formatting_keeps_its_html():
    links = "See [the docs](https://example.com/docs) and [a](b). " * 150
    table = "|a|b|c|d|\n|---|---|---|---|\n" + "|||||\n" * 1500
    assert str(render_markdown(links)).count('<a href="https://example.com/docs"') == 150
    assert str(render_markdown(table)).count("<tr>") == 1501


def test_aligned_table_columns_keep_their_alignment():
    html = str(render_markdown("| a | b | c |\n|:-:|--:|---|\n| 1 | 2 | 3 |"))
    assert '<th align="center">a</th>' in html and '<td align="right">2</td>' in html and "<td>3</td>" in html
    assert "style=" not in html


def test_deep_nesting_never_hides_the_text_after_it():
    """CommonMark's preset stopped reading at 20 levels (a list nests two a level): the rest went unseen (QA)."""
    deep_list = "\n".join("  " * level + f"- level {level}" for level in range(12))
    html = render_markdown(deep_list + "\n\nAfter the list.")
    assert "level 11" in html and "After the list." in html
    html = render_markdown(">" * 30 + " A quote in a quote.\n\nAfter the quotes.")
    assert "A quote in a quote." in html and "After the quotes." in html


def test_an_image_from_another_site_shows_as_a_link_to_it():
    """The Content-Security-Policy loads this site's images only: another site's showed as a broken image."""
    html = str(render_markdown("See ![the mockup](https://elsewhere.example/x.png), ![](http://a.example/y.png), "
                               "![ours](/uploads/abc.png) and [![logo](https://e.example/i.png)](https://e.example)"))
    assert '<a href="https://elsewhere.example/x.png" rel="nofollow noopener noreferrer ugc">the mockup</a>' in html
    assert '>http://a.example/y.png</a>' in html  # without words, its address
    assert '<img src="/uploads/abc.png" alt="ours">' in html  # an upload of this site stays an image
    assert '<a href="https://e.example" rel="nofollow noopener noreferrer ugc">logo</a>' in html  # no link in a link
    assert html.count("<img") == 1
