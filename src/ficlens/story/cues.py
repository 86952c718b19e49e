"""Words that say how two people are bound, by the kind of bond they tell.

A word here is evidence only where the parse links it to two characters ("her
sister Jane", "Harry kissed Draco", "Papa," said to someone): see `bonds`. The
weights say how much one such link tells a reader: being called someone's
sister settles it, one "love" said of another may be a parent's or a friend's.
"""

from __future__ import annotations

ROMANTIC, FAMILY, FRIENDSHIP, RIVALRY, PROFESSIONAL, UNKNOWN = (
    "romantic", "family", "friendship", "rivalry", "professional", "unknown")
KINDS = (ROMANTIC, FAMILY, FRIENDSHIP, RIVALRY, PROFESSIONAL)

# Nouns of relation, "X is Y's <noun>": the kind it tells, the relation, and its weight.
RELATION_NOUNS: dict[str, tuple[str, float]] = {
    **dict.fromkeys((
        "mother", "father", "sister", "brother", "daughter", "son", "aunt", "uncle", "niece", "nephew", "cousin",
        "grandmother", "grandfather", "granddaughter", "grandson", "grandchild", "grandparent", "parent", "child",
        "sibling", "twin", "mum", "mom", "mama", "mamma", "papa", "dad", "daddy", "mummy", "mommy", "granny",
        "grandma", "grandpa", "stepmother", "stepfather", "stepsister", "stepbrother", "stepson", "stepdaughter",
        "half-brother", "half-sister", "godfather", "godmother", "godson", "goddaughter", "guardian", "ward",
        "brother-in-law", "sister-in-law", "mother-in-law", "father-in-law", "son-in-law", "daughter-in-law",
    ), (FAMILY, 3.0)),
    **dict.fromkeys(("wife", "husband", "spouse", "fiancé", "fiancée", "fiance", "fiancee", "bride",
                     "bridegroom", "groom"), (ROMANTIC, 3.0)),
    **dict.fromkeys(("lover", "sweetheart", "boyfriend", "girlfriend", "beloved", "suitor", "paramour"),
                    (ROMANTIC, 2.5)),
    **dict.fromkeys(("friend", "companion", "comrade", "confidant", "confidante", "pal", "chum", "ally"),
                    (FRIENDSHIP, 2.0)),
    **dict.fromkeys(("enemy", "rival", "nemesis", "foe", "adversary", "opponent", "tormentor"), (RIVALRY, 2.0)),
    **dict.fromkeys((
        "master", "servant", "maid", "butler", "valet", "footman", "employer", "employee", "boss", "colleague",
        "assistant", "secretary", "clerk", "client", "patient", "housekeeper", "coachman", "landlady", "landlord",
        "lodger", "tenant", "partner", "superior", "subordinate", "sensei", "captain", "commander", "lieutenant",
    ), (PROFESSIONAL, 2.0)),
    **dict.fromkeys(("teacher", "tutor", "governess", "professor", "pupil", "student", "apprentice", "mentor",
                     "headmaster", "headmistress", "schoolmaster", "schoolmistress"), (PROFESSIONAL, 2.5)),
}  # fmt: skip
# Relations a romance can never cross: a teacher and a pupil.
TEACHING = frozenset(("teacher", "tutor", "governess", "professor", "pupil", "student", "apprentice", "mentor",
                      "headmaster", "headmistress", "schoolmaster", "schoolmistress", "sensei"))

# Words of address said to someone ("Papa, ...", "my love"): the kind and the weight.
ADDRESS: dict[str, tuple[str, float]] = {
    **dict.fromkeys(("mother", "father", "mama", "mamma", "papa", "mum", "mom", "dad", "daddy", "mummy",
                     "mommy", "granny", "grandma", "grandpa", "grandmother", "grandfather", "sister", "brother",
                     "uncle", "aunt", "auntie", "cousin", "son", "daughter", "sis", "bro"), (FAMILY, 2.0)),
    **dict.fromkeys(("love", "darling", "sweetheart", "beloved", "honey", "dearest"), (ROMANTIC, 0.5)),
    **dict.fromkeys(("professor", "sensei", "teacher", "master"), (PROFESSIONAL, 1.0)),
    "friend": (FRIENDSHIP, 1.0),
}  # fmt: skip

# Verbs whose subject does it to their object (or that two conjoined subjects do together).
ACTS: dict[str, tuple[str, float]] = {
    **dict.fromkeys(("marry", "wed", "propose", "court", "woo", "elope"), (ROMANTIC, 3.0)),
    **dict.fromkeys(("snog", "seduce", "smooch", "fancy", "flirt", "date", "desire"), (ROMANTIC, 2.0)),
    "kiss": (ROMANTIC, 1.5),
    **dict.fromkeys(("embrace", "caress", "cuddle", "fondle", "nuzzle", "love", "adore"), (ROMANTIC, 1.0)),
    "befriend": (FRIENDSHIP, 2.0),
    **dict.fromkeys((
        "hate", "despise", "loathe", "detest", "hit", "punch", "slap", "kick", "stab", "shoot", "kill", "murder",
        "attack", "threaten", "insult", "mock", "taunt", "sneer", "glare", "curse", "betray", "fight", "duel",
        "quarrel", "hex", "jinx", "strangle", "beat", "scorn", "humiliate",
    ), (RIVALRY, 1.0)),
    **dict.fromkeys(("employ", "hire", "teach", "tutor", "serve"), (PROFESSIONAL, 1.5)),
}  # fmt: skip
# "<verb> <someone's> hand": a touch that courts more often than not.
HAND_VERBS = frozenset(("hold", "take", "grip", "squeeze", "clasp", "kiss", "press", "stroke", "caress", "grasp"))
HAND_WEIGHT = 1.0
# Adjectives and nouns of a bond, with a preposition to the other: "engaged to", "in love with".
STATES: dict[tuple[str, str], tuple[str, float]] = {
    ("engaged", "to"): (ROMANTIC, 3.0),
    ("married", "to"): (ROMANTIC, 3.0),
    ("love", "with"): (ROMANTIC, 2.5),
    ("crush", "on"): (ROMANTIC, 2.0),
    ("jealous", "of"): (RIVALRY, 1.0),
    ("friends", "with"): (FRIENDSHIP, 2.0),
}
# Tokens of affection a parent, a sister or a friend gives too: alone, only many of them tell a romance.
AFFECTION = frozenset(("kiss", "embrace", "caress", "cuddle", "fondle", "nuzzle", "love", "adore",
                       "darling", "sweetheart", "beloved", "honey", "dearest", *(f"{v} hand" for v in HAND_VERBS)))
AFFECTION_ALONE = 3.0
# What a romance needs beyond affection: a named "married" or "in love with", or two less sure
# cues, not one pronoun misread inside a line ("Can he marry her?").
COURTSHIP = 1.5
# Two surnames alike, with no marriage told: a family, or one person twice.
SHARED_SURNAME = 1.5

# What makes a character a child: nouns said of them, and the age under which one is.
CHILD_NOUNS = frozenset(("child", "kid", "toddler", "baby", "infant", "schoolboy", "schoolgirl", "first-year",
                         "firstie", "urchin", "youngster", "tot", "preteen"))
YOUNG_ADJECTIVES = frozenset(("little", "small", "young"))
YOUNG_NOUNS = frozenset(("boy", "girl", "lad", "lass"))
ADULT_AGE = 17
NUMBER_WORDS = {w: i for i, w in enumerate((
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
    "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty"))}
TENS_WORDS = {w: 10 * i for i, w in enumerate(("", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy",
                                                "eighty", "ninety")) if w}
ORDINAL_WORDS = {w: i for i, w in enumerate((
    "zeroth", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
    "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth", "eighteenth"))}
