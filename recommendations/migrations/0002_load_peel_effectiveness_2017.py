"""PEEL: Police effectiveness 2017 – A national overview (HMICFRS, March 2018):
the report, its four recommendations word for word, and their seven milestones.

Corrections to this reference data belong in new migrations, never in edits here.
"""

import datetime

from django.db import migrations

REPORT = {
    "slug": "peel-effectiveness-2017",
    "title": "PEEL: Police effectiveness 2017 – A national overview",
    "inspectorate": "HMICFRS",
    # The report is dated "March 2018" with no day.
    "published_on": datetime.date(2018, 3, 1),
    "published_label": "March 2018",
}

RECOMMENDATIONS = [
    {
        "number": 1,
        "theme": "Neighbourhood policing",
        "text": (
            "By October 2018, all forces should review their own approach to neighbourhood "
            "policing to check whether the service they provide to local communities meets "
            "these guidelines. As soon as possible, they should make any changes they need to "
            "implement the guidelines."
        ),
        "follow_up": "Make any changes needed to implement the guidelines, as soon as possible.",
    },
    {
        "number": 2,
        "theme": "Shortage of investigators",
        "text": (
            "By September 2018, all forces with a shortage in qualified detectives and/or other "
            "investigators should develop an action plan. The plan should set out in detail what "
            "the force will do to address the shortage in the short, medium and long term. It "
            "should be in line with the national plan to develop investigative capacity and "
            "capability that all chief constables in England and Wales have agreed.\n\n"
            "This plan should draw on the information in the force management statement about:\n"
            "\n"
            "- the investigative demand the force expects to face in the next four years; and\n"
            "- how the force will change and improve the condition, capacity, capability, "
            "serviceability, performance and security of supply of its workforce and other "
            "assets to cope with that demand.\n\n"
            "To make sure the plans are consistent, the National Police Chiefs' Council lead on "
            "investigative resilience has agreed to provide advice on the areas each plan should "
            "cover by April 2018."
        ),
        "follow_up": "",
    },
    {
        "number": 3,
        "theme": "Peer review",
        "text": (
            "The College of Policing, working with the NPCC leads, should develop an approach to "
            "peer review. This approach should support forces to work with each other to improve "
            "how they identify, respond to and keep safe vulnerable victims.\n\n"
            "The infrastructure to support peer reviews should be in place by September 2018 "
            "with the first reviews taking place by January 2019."
        ),
        "follow_up": "",
    },
    {
        "number": 4,
        "theme": "Use of bail",
        "text": (
            "By September 2018, all forces should review how they are implementing changes to "
            "pre-charge police bail, working with the National Police Chiefs' Council lead.\n\n"
            "The review should include an assessment of how far vulnerable people are being "
            "affected by these changes.\n\n"
            "As soon as possible, forces should then put into effect any necessary changes to "
            "make sure they are using bail effectively, and in particular that vulnerable "
            "victims get the protection that bail conditions can give them."
        ),
        "follow_up": (
            "Put into effect any changes needed to use bail effectively and protect vulnerable "
            "victims, as soon as possible."
        ),
    },
]

# code, recommendation, description, due, due as worded, owner, national body, partners, scope
MILESTONES = [
    (
        "R1-guidelines",
        1,
        "Modernising Neighbourhood Policing guidelines issued",
        datetime.date(2018, 3, 31),
        "By the end of March 2018",
        "national_body",
        "npcc-neighbourhood-policing",
        "With the College of Policing",
        "not_forces",
    ),
    (
        "R1-review",
        1,
        "Force has reviewed its neighbourhood policing against the guidelines",
        datetime.date(2018, 10, 31),
        "By October 2018",
        "forces",
        None,
        "",
        "all_forces",
    ),
    (
        "R2-advice",
        2,
        "Advice on the areas each plan should cover",
        datetime.date(2018, 4, 30),
        "By April 2018",
        "national_body",
        "npcc-investigative-resilience",
        "",
        "not_forces",
    ),
    (
        "R2-plan",
        2,
        "Action plan for the investigator shortage (short, medium and long term; draws on "
        "the force management statement)",
        datetime.date(2018, 9, 30),
        "By September 2018",
        "forces",
        None,
        "",
        # Every force until an inspector records that it has no shortage: the report says
        # three forces had their full contingent but does not name them.
        "all_forces",
    ),
    (
        "R3-infrastructure",
        3,
        "Peer review infrastructure in place",
        datetime.date(2018, 9, 30),
        "By September 2018",
        "national_body",
        "college-of-policing",
        "With the NPCC leads",
        "not_forces",
    ),
    (
        "R3-first-review",
        3,
        "The force's first peer review has taken place",
        datetime.date(2019, 1, 31),
        "By January 2019",
        "forces",
        None,
        "",
        # The 20 forces "not graded as good" for vulnerability (report, Supporting
        # vulnerable people).
        "vulnerability_cohort",
    ),
    (
        "R4-review",
        4,
        "Review of pre-charge bail implementation, including how far vulnerable people are "
        "affected",
        datetime.date(2018, 9, 30),
        "By September 2018",
        "forces",
        None,
        "Working with the NPCC lead",
        "all_forces",
    ),
]


def load(apps, schema_editor):
    Report = apps.get_model("recommendations", "Report")
    Recommendation = apps.get_model("recommendations", "Recommendation")
    Milestone = apps.get_model("recommendations", "Milestone")
    NationalBody = apps.get_model("forces", "NationalBody")

    report = Report.objects.create(**REPORT)
    by_number = {
        rec["number"]: Recommendation.objects.create(report=report, **rec)
        for rec in RECOMMENDATIONS
    }
    bodies = {body.slug: body for body in NationalBody.objects.all()}
    for code, number, description, due_on, due_label, owner, body, partners, scope in MILESTONES:
        Milestone.objects.create(
            recommendation=by_number[number],
            code=code,
            description=description,
            due_on=due_on,
            due_label=due_label,
            owner=owner,
            national_body=bodies[body] if body else None,
            partners=partners,
            default_scope=scope,
        )


def unload(apps, schema_editor):
    Report = apps.get_model("recommendations", "Report")
    Milestone = apps.get_model("recommendations", "Milestone")
    Recommendation = apps.get_model("recommendations", "Recommendation")
    Milestone.objects.filter(code__in=[m[0] for m in MILESTONES]).delete()
    Recommendation.objects.filter(report__slug=REPORT["slug"]).delete()
    Report.objects.filter(slug=REPORT["slug"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("recommendations", "0001_initial"),
        ("forces", "0002_load_2017_forces"),
    ]
    operations = [migrations.RunPython(load, unload)]
