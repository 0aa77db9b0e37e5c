"""Safety guidance shown with every program, whoever wrote it."""

GENERAL_SAFETY = (
    "Stop at once if you feel sharp, shooting or worsening pain, and do not push through it.",
    "Mild effort and muscle tiredness are normal; pain that lasts after you finish is not.",
    "See a doctor or physiotherapist before you start if you have had recent surgery, "
    "a fracture, diabetes affecting your feet, or numbness in your feet.",
    "Seek medical advice promptly for pain with swelling, redness, fever, numbness or weakness, "
    "or for back pain with loss of bladder or bowel control.",
    "These exercises support your care; they do not replace a clinician's assessment.",
)
