"""What the research says to expect from foot exercises, in plain words, with its sources.

Figures from the project's clinical reference (shared/reference/clinical.md); see
docs/evidence.md. No claim goes beyond them. The sentences and notes are catalogue texts
(the page translates them); the sources (authors, journals, DOIs) stay as published.
"""

from __future__ import annotations

from dataclasses import dataclass

from footwork.core.language import N_


@dataclass(frozen=True, slots=True)
class Finding:
    text: str
    source: str
    """The citation as published: not translated."""
    note: str = ""
    """What the source's figures say, a catalogue text (or nothing)."""


EXPECT = (
    Finding(
        N_(
            "Stronger toes. Foot-muscle training makes the muscles that curl the toes stronger: "
            "in older adults, up to about a third stronger after 12 weeks."
        ),
        "Mickle et al., Clinical Biomechanics 2016 (doi 10.1016/j.clinbiomech.2016.10.005); "
        "Jaffri et al., Journal of Athletic Training 2023 (doi 10.4085/1062-6050-0162.22).",
    ),
    Finding(
        N_(
            "A better-supported arch. Across 13 trials, training the small foot muscles improved "
            "measures of the arch's height and the foot's posture."
        ),
        "Jaffri et al., Journal of Athletic Training 2023.",
    ),
    Finding(
        N_(
            "Better balance. The same trials, and an earlier review of foot and ankle programs, "
            "found better scores on balance tests."
        ),
        "Jaffri et al. 2023; Schwenk et al., Journal of the American Podiatric Medical "
        "Association 2013.",
    ),
)

NOT_SHOWN = (
    Finding(
        N_(
            "Less pain. In the 2023 review of 13 trials, pain did not improve clearly: the "
            "average effect was small and could have been none."
        ),
        "Jaffri et al. 2023",
        # Translators: a review's figures (a standardised mean difference and its 95 per cent
        # confidence interval): keep their values, write the numbers as your language does.
        N_("pain: standardised difference 0.25, 95 per cent interval -0.15 to 0.66"),
    ),
    Finding(
        N_(
            "Less back, hip or knee pain, and fewer falls. These have not been shown: the 12-week "
            "study of older adults did not test falls, and the balance review found no change in "
            "walking."
        ),
        "Mickle et al. 2016; Schwenk et al. 2013.",
    ),
)

IN_SHORT = N_(
    "Expect stronger feet and steadier balance if you keep at it for weeks. Do not count on "
    "these exercises alone to ease back, hip or knee pain: if that is your aim, use them "
    "alongside your clinician's advice, and keep scoring your pain so that you can both see "
    "what is happening."
)
