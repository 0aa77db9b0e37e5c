"""Safety guidance shown with every program, whoever wrote it. Our own words throughout.

Marked for the catalogue: translate them where they are shown."""

from footwork.core.language import N_

GENERAL_SAFETY = (
    N_("Stop at once if you feel sharp, shooting or worsening pain, and do not push through it."),
    N_(
        "Mild effort and tired muscles are expected. If pain lingers after you finish, stop that "
        "exercise and make a note of it; if the pain lasts more than a day or two, or is sharp, "
        "contact a doctor or physiotherapist before doing it again."
    ),
    N_(
        "See a doctor or physiotherapist before you start if you have had recent surgery, "
        "a fracture or an injury, diabetes affecting your feet, or numbness in your feet."
    ),
    N_(
        "If you have diabetes or reduced feeling in your feet, look over your feet (soles and "
        "between the toes) after exercising barefoot, for blisters, cuts or red marks."
    ),
    N_(
        "Seek medical advice promptly for pain with swelling, redness, fever, numbness or weakness."
    ),
    N_(
        "Numbness around the groin or buttocks, or new trouble controlling your bladder or bowels: "
        "stop and get urgent medical care the same day."
    ),
    N_("These exercises support your care; they do not replace a clinician's assessment."),
)

SHORT_RED_FLAGS = (
    N_("Stop if pain is sharp or getting worse."),
    N_(
        "Pain that lingers: stop that exercise, note it, and contact a clinician if it lasts "
        "more than a day or two."
    ),
    N_("Numbness around the groin, or new bladder or bowel trouble: urgent care today."),
)

FULL_SAFETY_HINT = N_("All the safety advice: `footwork safety`, or Safety on the website.")
