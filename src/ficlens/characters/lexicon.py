"""Word lists about people: honorifics and the genders they imply, pronouns,
verbs of speech and thought. Closed-class vocabulary of English, not names."""

from __future__ import annotations

HONORIFICS: dict[str, str | None] = {
    "mr": "male", "mister": "male", "sir": "male", "lord": "male", "master": "male", "monsieur": "male",
    "signor": "male", "herr": "male", "king": "male", "prince": "male", "duke": "male", "count": "male",
    "baron": "male", "marquis": "male", "marquess": "male", "viscount": "male", "earl": "male", "uncle": "male",
    "brother": "male", "father": "male", "fr": "male", "mrs": "female", "miss": "female", "ms": "female", "lady": "female", "dame": "female", "madam": "female", "madame": "female",
    "mme": "female", "mlle": "female", "mademoiselle": "female", "signora": "female", "signorina": "female",
    "frau": "female", "queen": "female", "princess": "female", "duchess": "female", "countess": "female",
    "baroness": "female", "marchioness": "female", "viscountess": "female", "aunt": "female", "auntie": "female",
    "sister": "female", "mother": "female",
    "mistress": "female", "mx": None, "dr": None, "doctor": None, "professor": None, "prof": None,
    "captain": None, "capt": None, "colonel": None, "col": None, "major": None, "general": None,
    "lieutenant": None, "lt": None, "sergeant": None, "sgt": None, "inspector": None, "detective": None,
    "officer": None, "agent": None, "reverend": None, "rev": None, "saint": None, "st": None, "healer": None,
    "cousin": None, "nurse": None, "judge": None, "minister": None, "headmaster": "male", "headmistress": "female",
}  # fmt: skip
# Family words: "said his son" names someone of the family of a person at hand.
KIN_NOUNS = frozenset((
    "wife", "husband", "mother", "father", "mama", "mamma", "papa", "mum", "mom", "dad", "sister", "brother",
    "daughter", "son", "aunt", "uncle", "niece", "nephew", "cousin", "grandmother", "grandfather",
))

MARRIED: dict[str, bool] = {
    **dict.fromkeys(("mrs", "madame", "mme", "signora", "frau"), True),
    **dict.fromkeys(("miss", "mlle", "mademoiselle", "signorina"), False),
}
"""Honorifics that tell a married woman from an unmarried one: "Mrs. Bennet" is not "Miss Bennet"."""

MALE_PRONOUNS = {"he", "him", "his", "himself"}
FEMALE_PRONOUNS = {"she", "her", "hers", "herself"}
FIRST_PERSON = {"i", "me", "my", "mine", "myself"}
FIRST_PERSON_PLURAL = {"we", "us", "our", "ours", "ourselves"}
SECOND_PERSON = {"you", "your", "yours", "yourself", "yourselves"}
# The singular "you" of old, of prayer and of dialect, said to one hearer: "I love thee", "thou'rt".
ARCHAIC_SECOND_PERSON = frozenset(("thee", "thou", "thy", "thine", "thyself"))
THIRD_PERSON = MALE_PRONOUNS | FEMALE_PRONOUNS | {"they", "them", "their", "theirs", "themselves"}

SPEECH_VERBS = {
    "say", "ask", "reply", "answer", "whisper", "shout", "mutter", "murmur", "cry", "exclaim", "add",
    "continue", "begin", "repeat", "call", "yell", "snap", "sigh", "insist", "demand", "respond",
    "retort", "protest", "remark", "observe", "suggest", "declare", "inquire", "enquire", "interrupt",
    "return", "rejoin", "agree", "explain", "admit", "groan", "hiss", "growl", "breathe", "scream",
    "plead", "beg", "offer", "tell", "announce", "state", "mumble", "stammer", "stutter", "sob",
    "chuckle", "laugh", "smile", "grin", "sneer", "scoff", "snort", "huff", "gasp", "moan", "whine",
    "bark", "roar", "bellow", "shriek", "squeal", "chirp", "purr", "drawl", "quip", "tease", "joke",
    "warn", "promise", "assure", "confess", "concede", "correct", "counter", "argue", "object",
    "note", "point", "muse", "wonder", "think", "resume", "finish", "conclude", "cut", "press", "prompt",
    "urge", "order", "command", "greet", "call", "echo", "mouth", "pant", "rasp", "croak", "blurt",
    "sniff", "sniffle", "wail", "howl", "thunder", "soothe", "coax", "encourage", "accuse", "complain",
    "mock", "taunt", "hum", "sing", "pipe", "put", "go", "write", "read", "recite", "pray", "vow",
    "persist", "pursue", "proceed", "interpose", "venture", "falter", "cry", "call", "shrill", "lisp",
    "whimper", "simper", "titter", "giggle", "cackle", "chortle", "sneeze", "cough", "stammer", "exclaim",
    "rejoin", "reason", "plead", "propose", "reflect", "speculate", "inform", "reassure", "remind",
    "reproach", "scold", "explode", "fume", "rage", "storm", "implore", "entreat", "query", "question",
    "guess", "comment", "acknowledge", "affirm", "insinuate", "intervene", "explain", "instruct",
}  # fmt: skip

# Verbs that say nothing but that someone spoke: their subject is a speaker, whatever it is called
# ("said the healer"), where "go" or "think" could have a moment or a thought as subject.
SAY_VERBS = frozenset((
    "say", "ask", "reply", "answer", "whisper", "shout", "mutter", "murmur", "exclaim", "yell", "inquire",
    "enquire", "respond", "retort", "repeat", "demand", "insist", "explain", "announce", "stammer", "stutter",
    "mumble", "rejoin", "interrupt", "call", "cry",
))

PERSON_VERBS = SPEECH_VERBS | {
    "look", "glance", "stare", "nod", "shrug", "frown", "feel", "know", "see", "hear", "want", "walk",
    "turn", "sit", "stand", "smile", "laugh", "cry", "kiss", "hug", "take", "give", "reach", "step",
    "lean", "blink", "swallow", "hesitate", "pause", "watch", "realize", "realise", "remember",
    "decide", "try", "run", "grab", "pull", "push", "hold", "touch", "love", "hate", "like", "hope",
    "believe", "fear", "wish", "sleep", "wake", "eat", "drink", "die", "marry", "leave", "arrive",
    "come", "enter", "follow", "meet", "kneel", "rise", "sigh", "grin", "wince", "flinch", "shake",
}  # fmt: skip

NOT_NAMES = {
    "i", "god", "lord", "mum", "mom", "mama", "mamma", "papa", "dad", "daddy", "mother", "father", "sir",
    "madam", "ma'am", "miss", "mister", "professor", "doctor", "captain", "chapter", "epilogue", "prologue",
    "pov", "ok", "okay", "yes", "no", "oh", "ah", "hey", "hi", "hello", "thank", "thanks", "please", "dear",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february",
    "march", "april", "may", "june", "july", "august", "september", "october", "november", "december",
    "christmas", "easter", "heaven", "hell", "mr", "mrs", "ms", "dr", "st", "aunt", "uncle", "granny",
    "grandma", "grandpa", "grandmother", "grandfather", "baby", "darling", "honey", "love", "sweetheart",
    "well", "now", "then", "what", "why", "how", "who", "where", "when", "whatever", "goodbye", "bye",
    "sorry", "jesus", "christ", "gods", "english", "french", "german", "italian", "tv", "the",
    # interjections, which open sentences with a capital and look like names to the tagger
    "aye", "ay", "nay", "yeah", "yep", "nope", "pshaw", "hullo", "hallo", "halloa", "hurrah", "huzzah",
    "alas", "bah", "pah", "humph", "ahem", "eh", "oho", "aha", "ha", "hah", "hmm", "ugh", "wow", "whoa",
    "uh", "um", "er", "tra",
}  # fmt: skip

# Languages, which follow a name as the object of "teach", "speak" or "learn": "teaching Lucy Italian".
LANGUAGES = frozenset((
    "english", "french", "german", "italian", "spanish", "portuguese", "russian", "latin", "greek", "dutch",
    "chinese", "japanese", "korean", "arabic", "hebrew", "hindi", "welsh", "gaelic", "irish", "polish",
))

# Lower-case words that belong to a surname: "Henry van der Luyden", "Mrs. de Winter", "Ludwig von Mises".
PARTICLES = frozenset(("van", "von", "de", "der", "den", "du", "des", "le", "la", "di", "da", "del", "della", "dos",
                       "das", "ten", "ter", "zu", "af"))

PLACE_PREPOSITIONS = {"in", "at", "into", "near", "through", "across", "toward", "towards", "outside", "inside", "around"}

# Nouns that say a person's gender: "said his wife", "the old gentleman replied".
GENDERED_NOUNS = {
    **dict.fromkeys((
        "wife", "lady", "mother", "sister", "daughter", "aunt", "niece", "girl", "woman", "mistress",
        "queen", "princess", "grandmother", "widow", "bride", "madam", "hostess", "governess", "maid",
        "mama", "mamma", "mum", "mom", "duchess", "countess", "nurse", "housekeeper", "landlady", "witch",
    ), "female"),
    **dict.fromkeys((
        "husband", "father", "brother", "son", "uncle", "nephew", "boy", "man", "gentleman", "master",
        "king", "prince", "grandfather", "sir", "lord", "host", "papa", "dad", "duke", "count", "landlord",
        "fellow", "lad", "butler", "wizard", "priest", "captain", "colonel",
    ), "male"),
}  # fmt: skip
