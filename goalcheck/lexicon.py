"""The phrases goalcheck's matchers look for, by what they tell about a goal.

Each category corresponds to something LABELS.md's decision rules weigh: where
the skill is done (settings), what it is for (purpose, school tasks), what it
targets (body functions, routines). The classifier learns how much each hit
counts; the rules quote the hits. Phrases are matched on lower-case lemmas, so
"classrooms" matches "classroom". Districts add their own through the
``goalcheck_register_vocabulary`` hook or ``vocabulary`` in the config.
"""

from __future__ import annotations

CATEGORIES: dict[str, str] = {
    "school_setting": "a place or time of the school day",
    "school_task": "a curricular or classroom task or material",
    "school_participation": "taking part in instruction, class routines or work with peers",
    "home_setting": "the student's home or family life",
    "home_routine": "a home or family routine",
    "community": "community life outside the school program",
    "clinic_setting": "a clinic or medical setting as the place of performance",
    "body_function": "a body function or impairment as the target",
    "medical_recovery": "medical recovery: surgery, injury, splints, oedema, scars, pain",
    "purpose": "a purpose clause tying the skill to what it is for",
    "transition_tie": "the school's transition programme",
    "daily_living": "a community or daily-living skill (relevant to transition services)",
    "private_placement": "a placement with family, a clinic or a private job",
    "self_care": "a self-care skill",
    "sensory": "sensory tolerance or processing",
    "generic_skill": "a generic motor or perceptual skill with no task",
}

LEXICON: dict[str, tuple[str, ...]] = {
    "school_setting": (
        "school", "classroom", "class", "in class", "homeroom", "desk", "seat", "centers", "centres",
        "learning center", "circle time", "carpet time", "morning meeting", "hallway", "hall", "locker",
        "cafeteria", "lunchroom", "lunch", "lunch table", "snack time", "recess", "playground",
        "gym class", "pe", "p.e.", "physical education", "art class", "music class", "art room",
        "music room", "library", "media center", "computer lab", "school bathroom", "school restroom",
        "school nurse", "nurse's office", "bus", "school bus", "bus line", "arrival", "dismissal",
        "field trip", "assembly", "specials", "resource room", "special education classroom",
        "general education", "gen ed", "gen-ed", "sdc", "self-contained classroom", "preschool classroom",
        "kindergarten", "campus", "school day", "school building", "teacher", "classmates", "peers",
        "study hall", "science lab", "cubby", "cubbie", "line up", "lining up", "fire drill",
    ),
    "school_task": (
        "handwriting", "written work", "writing assignment", "written assignment", "assignment",
        "assignments", "worksheet", "worksheets", "classwork", "homework", "copy from the board",
        "copying from the board", "far-point copying", "near-point copying", "board", "whiteboard",
        "journal", "notebook", "spelling", "spelling test", "math", "math problems", "reading",
        "test", "tests", "quiz", "exam", "state testing", "keyboarding", "typing", "chromebook",
        "laptop", "tablet", "word processing", "note-taking", "notes", "planner", "agenda",
        "backpack", "folder", "binder", "school supplies", "pencil box", "glue stick", "class project",
        "art project", "craft", "cut out", "worksheet shapes", "manipulatives", "graphic organizer",
        "lined paper", "paper", "sentence", "sentences", "paragraph", "letters", "name on paper",
        "his name", "her name", "their name", "classroom materials", "school materials",
        "teacher directions", "directions", "instructions", "curriculum", "academic", "academics",
        "literacy", "writing task", "writing tasks", "fine motor tasks in class", "lab",
    ),
    "school_participation": (
        "instruction", "whole-group instruction", "small group", "small-group", "group work",
        "group activities", "classroom routine", "classroom routines", "class routine",
        "participate in class", "participation", "attend to", "attention", "on task", "on-task",
        "work with peers", "partner work", "cooperative learning", "learning", "lesson", "lessons",
        "transition between activities", "transitions between activities", "class activities",
        "educational", "academic tasks", "follow directions", "stay in class", "remain in class",
        "remain seated", "classroom expectations", "school routines", "school routine",
    ),
    "home_setting": (
        "home", "at home", "house", "bedroom", "family", "parents", "parent", "mother", "father",
        "mom", "dad", "grandmother", "sibling", "siblings", "caregiver", "caregivers", "household",
        "living room", "home environment", "in the home", "family home", "group home", "apartment",
    ),
    "home_routine": (
        "bathing", "bath", "bathtub", "tub", "shower", "showering", "bedtime", "bedtime routine",
        "pajamas", "pyjamas", "nighttime", "night-time", "morning routine at home", "get dressed for the day",
        "brush teeth", "brushing teeth", "toothbrushing", "tooth brushing", "hair washing", "wash hair",
        "grooming", "shaving", "make bed", "making bed", "chores", "household chores", "laundry",
        "load the dishwasher", "dishes", "set the table", "family meals", "family dinner", "dinner",
        "breakfast", "meal preparation", "meal prep", "cooking", "cook", "clean room", "tidy room",
        "nail care", "toileting at home", "dressing at home", "home routine", "home routines",
    ),
    "community": (
        "community", "grocery store", "grocery", "store", "shopping", "mall", "restaurant", "restaurants",
        "haircut", "haircuts", "barber", "salon", "dentist", "dental", "dental visit", "dental visits",
        "doctor", "doctor's office", "doctor visits", "medical appointment", "appointments", "church",
        "synagogue", "mosque", "place of worship", "community sports", "soccer", "baseball", "little league",
        "swim lessons", "swimming lessons", "park", "movie theater", "bank", "post office", "drive",
        "driving", "car", "vehicle", "public library", "community center", "neighborhood", "outings",
    ),
    "clinic_setting": (
        "clinic", "therapy gym", "sensory gym", "clinic gym", "in the clinic", "clinic session",
        "clinic sessions", "therapy session", "therapy sessions", "outpatient", "inpatient", "hospital",
        "rehab", "rehabilitation unit", "rehab unit", "snf", "skilled nursing", "nursing home",
        "long-term care", "facility", "treatment session", "treatment sessions", "hand therapy",
        "ot session", "ot sessions", "during therapy", "in therapy", "therapy room", "treatment room",
        "acute care", "ward", "bedside",
    ),
    "body_function": (
        "strength", "grip strength", "pinch strength", "grasp strength", "muscle strength", "core strength",
        "upper body strength", "shoulder strength", "hand strength", "range of motion", "rom", "arom",
        "prom", "aarom", "muscle tone", "tone", "hypotonia", "hypertonia", "spasticity", "reflex",
        "reflexes", "primitive reflexes", "reflex integration", "endurance", "activity tolerance",
        "oculomotor", "ocular motor", "eye tracking", "saccades", "convergence", "sensory processing",
        "sensory integration", "postural control", "balance", "coordination", "dexterity",
        "proprioceptive", "vestibular", "motor planning", "praxis", "lb", "lbs", "pounds", "#",
        "dynamometer", "pinch gauge", "degrees", "deg", "wrist extension", "shoulder flexion",
        "elbow flexion", "finger flexion", "thenar", "intrinsic", "bue", "rue", "lue", "ue",
        "upper extremity", "upper extremities", "bilateral upper extremities", "wfl", "mmt",
    ),
    "medical_recovery": (
        "surgery", "post-op", "post-operative", "postoperative", "s/p", "injury", "fracture",
        "orif", "tendon repair", "tendon", "burn", "burns", "scar", "scar management", "edema",
        "oedema", "swelling", "pain", "pain level", "splint", "splints", "splinting", "orthosis",
        "orthotic", "orthotics", "brace", "cast", "stroke", "cva", "tbi", "brain injury",
        "amputation", "prosthesis", "joint protection", "home exercise program", "home exercise programme",
        "hep", "precautions", "wound", "contracture", "contractures",
    ),
    "purpose": (
        "so that", "so he can", "so she can", "so they can", "in order to", "in order for",
        "to complete", "to participate", "to access", "to take part", "to be able to", "so as to",
        "to allow", "to support", "for the purpose of", "needed for", "necessary for", "required for",
        "to keep up", "to engage in",
    ),
    "transition_tie": (
        "transition plan", "transition program", "transition programme", "transition services",
        "transition goals", "post-secondary", "postsecondary", "post-secondary goal",
        "community-based instruction", "community based instruction", "cbi", "vocational",
        "vocational training", "vocational program", "job site", "job training", "job coach",
        "work-study", "work study", "work experience", "school-based enterprise", "school store",
        "life skills class", "life-skills class", "life skills program", "life-skills program",
        "life-skills lab", "life skills lab", "transition class", "18-21 program", "adult transition program",
        "school-arranged", "school arranged", "internship", "career and technical", "cte",
    ),
    "daily_living": (
        "laundry", "cooking", "meal preparation", "grocery", "groceries", "shopping list", "budget",
        "budgeting", "money", "debit card", "cash", "making change", "public transit", "public transportation",
        "city bus", "bus route", "transit", "ride the bus", "phone", "cell phone", "schedule", "calendar",
        "self-advocacy", "job tasks", "work tasks", "clock in", "time card", "apartment", "independent living",
        "housekeeping", "cleaning", "menu", "order food", "microwave", "recipe",
    ),
    "private_placement": (
        "with family", "with her family", "with his family", "with their family", "with parents",
        "with her mother", "with his mother", "with mom", "with dad", "with caregiver", "family outings",
        "private job", "part-time job", "weekend job", "summer job", "at the clinic", "outpatient clinic",
        "private therapy", "private practice",
    ),
    "self_care": (
        "button", "buttons", "buttoning", "unbutton", "zip", "zipper", "zippers", "zipping", "snap", "snaps",
        "fasteners", "coat", "jacket", "shoes", "shoelaces", "tie shoes", "tying shoes", "velcro", "socks",
        "dressing", "dress", "undress", "toileting", "toilet", "bathroom", "hand washing", "handwashing",
        "wash hands", "wash his hands", "wash her hands", "eating", "feeding", "self-feeding", "utensils",
        "spoon", "fork", "cup", "open containers", "containers", "lunch containers", "milk carton",
        "hygiene", "clothing management", "clothing", "nose blowing", "adl", "adls", "self-care",
    ),
    "sensory": (
        "sensory", "sensory input", "sensory needs", "sensory strategies", "sensory break", "sensory breaks",
        "textures", "texture", "tactile", "noise", "loud noises", "auditory", "messy play", "food textures",
        "sensory diet", "fidget", "weighted", "heavy work", "calming strategies", "self-regulation",
        "regulation", "zones of regulation", "overstimulated", "sensory seeking", "sensory avoiding",
    ),
    "generic_skill": (
        "fine motor", "fine motor skills", "fine-motor", "gross motor", "visual motor", "visual-motor",
        "visual motor integration", "visual-motor integration", "vmi", "visual perceptual",
        "visual perception", "fmc", "bilateral coordination", "in-hand manipulation", "motor skills",
        "grasp", "pencil grasp", "tripod grasp", "motor control", "hand skills",
    ),
}
