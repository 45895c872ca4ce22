"""Pages read at a glance. Wherever a page shows a milestone's code, its name is beside it
and comes first: no one has to know that "R3-first-review" is the force's first peer
review. And dates are written one way in text, another in tables. The checks read what
the browser shows, on every page a role works from."""

import pytest

from tests.browser.conftest import looks_only

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), looks_only]

# Each visible text holding a code, with the nearest block around it: that block must
# hold the milestone's description before the code. (Attributes, addresses and visually
# hidden text are not what people read.)
CODES_WITHOUT_NAMES = """(milestones) => {
  const blocks = 'li, tr, p, h1, h2, h3, h4, h5, h6, caption, label, legend, option, '
    + '.govuk-summary-list__row, .govuk-notification-banner__content, .govuk-inset-text';
  const squash = (text) => text.replace(/\\s+/g, ' ');
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (!parent || parent.closest('script, style, .govuk-visually-hidden, [hidden]')) continue;
    if (parent.tagName !== 'OPTION' && parent.getClientRects().length === 0) continue;
    for (const {code, description} of milestones) {
      const pattern = new RegExp(`(^|[^\\\\w-])${code}($|[^\\\\w-])`);
      if (!pattern.test(node.textContent)) continue;
      const block = parent.closest(blocks) || parent;
      const text = squash(block.textContent);
      const named = text.indexOf(squash(description));
      if (named === -1 || named > text.indexOf(code)) {
        out.push({code, text: text.trim().slice(0, 160)});
      }
    }
  }
  return out;
}"""


# One date style for each context, as GOV.UK's style guide has it: "30 September 2018"
# in text (captions too), "30 Sep 2018" in tables, where space is short. (May is both; a
# field's hint shows the ways a date may be typed.)
DATES_OUT_OF_STYLE = """() => {
  const months = ['January', 'February', 'March', 'April', 'June', 'July', 'August',
    'September', 'October', 'November', 'December'];
  const written = (names) => new RegExp(`\\\\b\\\\d{1,2} (${names.join('|')}) \\\\d{4}\\\\b`);
  const long = written(months);
  const short = written(months.map((month) => month.slice(0, 3)));
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (!parent || parent.closest('script, style, [hidden], option, .govuk-hint')) continue;
    if (parent.getClientRects().length === 0) continue;
    const cell = parent.closest('table') && !parent.closest('caption');
    const wrong = (cell ? long : short).exec(node.textContent);
    if (wrong) out.push({date: wrong[0], in: cell ? 'table' : 'text',
      text: node.textContent.replace(/\\s+/g, ' ').trim().slice(0, 120)});
  }
  return out;
}"""


def codes_without_names(tab, path, assert_accessible) -> list[dict]:
    from recommendations.models import Milestone

    milestones = [
        {"code": code, "description": description}
        for code, description in Milestone.objects.values_list("code", "description")
    ]
    tab.goto(path)
    assert tab.locator("main").count() == 1, path
    assert_accessible(tab)
    shown = tab.inner_text("body")
    assert "{#" not in shown and "{%" not in shown and "{{" not in shown, path  # template text
    found = tab.evaluate(CODES_WITHOUT_NAMES, milestones) + tab.evaluate(DATES_OUT_OF_STYLE)
    return [{"page": path, **item} for item in found]


def assert_all_named(tab, paths, assert_accessible):
    """Every page named well, and axe-clean."""
    found = []
    for path in paths:
        found += codes_without_names(tab, path, assert_accessible)
    assert found == [], "Codes without their names, dates out of style:\n" + "\n".join(
        map(str, found)
    )


def test_the_checks_find_a_code_alone_and_a_date_out_of_style(tab_for, inspector, live_server):
    """The checks themselves: a bare code, a short date in text and a long one in a table
    each fail them; a code after its name does not."""
    from recommendations.models import Milestone

    tab = tab_for(inspector)
    tab.goto("/")
    tab.evaluate(
        """() => document.querySelector('main').insertAdjacentHTML('afterbegin',
          '<p>See R2-plan</p><p>Peer review infrastructure in place (R3-infrastructure)</p>'
          + '<p>due 30 Sep 2018</p><table><tbody><tr><td>1 October 2018</td></tr></tbody>'
          + '</table>')"""
    )
    milestones = [{"code": m.code, "description": m.description} for m in Milestone.objects.all()]
    assert [item["code"] for item in tab.evaluate(CODES_WITHOUT_NAMES, milestones)] == ["R2-plan"]
    assert [(item["date"], item["in"]) for item in tab.evaluate(DATES_OUT_OF_STYLE)] == [
        ("30 Sep 2018", "text"),
        ("1 October 2018", "table"),
    ]


def test_an_inspector_reads_milestones_by_name(
    tab_for, inspector, durham_work, histories, assert_accessible
):
    tab = tab_for(inspector)
    tab.set_viewport_size({"width": 1280, "height": 800})
    plan, submission = durham_work["plan"], durham_work["submission"]
    assert submission.milestone is not None  # the page shows the milestone it claims
    assert_all_named(
        tab,
        [
            "/?as_of=2019-02-01",
            "/?as_of=2019-02-01&status=overdue",
            "/reports/overdue/?as_of=2019-02-01",
            "/reports/",
            "/reports/peel-effectiveness-2017/",
            "/reports/peel-effectiveness-2016/",
            "/reports/peel-effectiveness-2017/recommendation-2/?as_of=2019-02-01",
            "/reports/peel-effectiveness-2017/recommendation-3/?as_of=2019-02-01",
            "/reports/by-force/",
            "/repeated-recommendations/",
            "/forces/durham/?as_of=2019-02-01",
            "/forces/durham/?as_of=2019-02-01&report=peel-effectiveness-2016",
            "/forces/durham/history/R2-plan/",
            "/forces/durham/scope/",
            f"/plans/{plan.pk}/",
            "/assessments/",
            f"/assessments/{submission.pk}/",
            "/progress/record/",
            "/reports/activity/",
        ],
        assert_accessible,
    )


def test_a_liaison_reads_milestones_by_name(
    tab_for, liaison_durham, durham_work, histories, assert_accessible
):
    tab = tab_for(liaison_durham)
    tab.set_viewport_size({"width": 375, "height": 812})
    plan, submission = durham_work["plan"], durham_work["submission"]
    assert_all_named(
        tab,
        [
            "/forces/durham/?as_of=2019-02-01",
            f"/plans/{plan.pk}/",
            f"/plans/{plan.pk}/submit/",
            f"/plans/{plan.pk}/actions/{durham_work['action'].pk}/",
            f"/plans/{plan.pk}/evidence/add/",
            f"/assessments/{submission.pk}/",
            "/forces/durham/history/R2-plan/",
        ],
        assert_accessible,
    )
