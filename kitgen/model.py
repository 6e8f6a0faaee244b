"""Typed models of the curriculum files: the unit, the district profile and the lessons.

Every field declares who may read it (its *audience*), so that the student composer can be
handed a view from which facilitator-only text is already gone. A field is declared with
``fac(...)``, ``stu(...)``, ``fam(...)`` or ``pub(...)``; a test fails on any field without one.
"""

from __future__ import annotations

import functools
import re
from enum import StrEnum
from typing import Annotated, Any, ClassVar, Literal, TypeVar

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    JsonValue,
    PrivateAttr,
    StringConstraints,
    ValidatorFunctionWrapHandler,
    model_validator,
)

FACILITATOR = "facilitator"
STUDENT = "student"
FAMILY = "family"

PLACEHOLDER_PREFIX = "FILL IN:"
"""A profile value that starts with this has not been filled in yet; validation warns."""

TIMESTAMP_PATTERN = r"^(\d{1,2}:)?[0-5]?\d:[0-5]\d$"
ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
DEADLINE_PATTERN = r"^(\d{4}-\d{2}-\d{2}|FILL IN:.*)$"


def _field(readers: tuple[str, ...], description: str, **kwargs: Any) -> Any:
    """A pydantic Field that records its readers; facilitators read everything."""
    audience: list[JsonValue] = [*sorted(set(readers) | {FACILITATOR})]
    return Field(description=description, json_schema_extra={"x-audience": audience}, **kwargs)


def fac(description: str, **kwargs: Any) -> Any:
    """Facilitator-only: never reaches a student handout or a family letter."""
    return _field((FACILITATOR,), description, **kwargs)


def stu(description: str, **kwargs: Any) -> Any:
    """Student-facing (facilitators see it too)."""
    return _field((STUDENT,), description, **kwargs)


def fam(description: str, **kwargs: Any) -> Any:
    """Family-facing (facilitators see it too)."""
    return _field((FAMILY,), description, **kwargs)


def pub(description: str, **kwargs: Any) -> Any:
    """Everyone: students, families and facilitators."""
    return _field((STUDENT, FAMILY), description, **kwargs)


@functools.cache
def audience_of(model: type[BaseModel], field_name: str) -> tuple[str, ...]:
    """Who may read ``field_name`` of ``model``; empty when the field was declared without one.
    Cached: views ask for every field of every node, and a class's fields never change."""
    extra = model.model_fields[field_name].json_schema_extra
    if isinstance(extra, dict):
        readers = extra.get("x-audience")
        if isinstance(readers, list):
            return tuple(str(r) for r in readers)
    return ()


Markdown = Annotated[str, StringConstraints(min_length=1, strip_whitespace=True)]
"""Prose in the small Markdown subset: *emphasis*, **strong**, [links](https://…), lists, and
pipe tables with a ``Table: caption`` line directly above."""
Text = Annotated[str, StringConstraints(min_length=1, strip_whitespace=True)]
Id = Annotated[str, StringConstraints(pattern=ID_PATTERN, max_length=60)]
Ref = Annotated[str, StringConstraints(min_length=1, max_length=60)]
Timestamp = Annotated[str, StringConstraints(pattern=TIMESTAMP_PATTERN)]
Grade = Annotated[int, Field(ge=7, le=12)]
IsoDate = Annotated[str, StringConstraints(pattern=r"^\d{4}-\d{2}-\d{2}$")]


class Node(BaseModel):
    """Base for every model: unknown keys are errors, values are immutable once loaded."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    noun: ClassVar[str] = "entry"


# --------------------------------------------------------------------------- shared pieces


class Figure(Node):
    """An image from the curriculum folder, shown with its alt text."""

    noun: ClassVar[str] = "figure"
    src: Text = pub(
        "Image path relative to the lessons folder, a PNG or JPEG file (the DOCX cannot embed SVG); "
        "it may not leave it."
    )
    alt: Text = pub("Alt text read aloud by screen readers: what the image shows and why it is there.")
    caption: Markdown | None = pub("Visible caption under the image.", default=None)


class ResponseTable(Node):
    """A table students fill in: named columns, optional labelled rows, empty cells to write in."""

    noun: ClassVar[str] = "response table"
    columns: list[Text] = stu("Column headings, left to right.", min_length=1, max_length=6)
    rows: list[Markdown] = stu(
        "Row labels printed in the first column (e.g. the statements to judge); the other cells stay empty.",
        default_factory=list,
    )
    blank_rows: int = stu("Empty rows after the labelled ones.", default=0, ge=0, le=20)
    lines: int = stu("Write-in lines in each row.", default=2, ge=1, le=8)


class RatingScale(Node):
    """Statements rated on a numbered scale, e.g. 1 (strongly disagree) to 5 (strongly agree)."""

    noun: ClassVar[str] = "rating scale"
    low: int = stu("The lowest number on the scale.", default=1, ge=0, le=1)
    high: int = stu("The highest number on the scale (at most 10).", default=5, ge=2, le=10)
    low_label: Text = stu("What the lowest number means, e.g. 'Strongly disagree'.")
    high_label: Text = stu("What the highest number means, e.g. 'Strongly agree'.")
    statements: list[Text] = stu("The statements to rate, one row each.", min_length=1, max_length=15)
    before_after: bool = stu(
        "Two columns, 'Before' and 'After': rated at the start and again at the end.", default=False
    )


class CardSort(Node):
    """Cards sorted into named piles: a sorting mat with a column per pile."""

    noun: ClassVar[str] = "card sort"
    categories: list[Text] = stu("The piles, e.g. 'Myth' and 'Fact'.", min_length=2, max_length=4)
    material: Ref | None = stu(
        "Id of the lesson's card set (student_materials) whose cards are sorted; without it, students "
        "write each card's words into a pile.",
        default=None,
    )
    rows: int = stu("Write-in rows under each pile when there is no card set.", default=6, ge=1, le=15)


class Response(Node):
    """The space a student gets for an answer: exactly one of ``lines``, ``box``, ``table``,
    ``card``, ``scale``, ``checklist`` or ``sort``."""

    noun: ClassVar[str] = "response"
    lines: int | None = stu("Ruled lines to write on.", default=None, ge=1, le=20)
    box: int | None = stu(
        "An empty box this many write-in lines tall, for drawing or free-form notes.",
        default=None,
        ge=2,
        le=40,
    )
    table: ResponseTable | None = stu("A table to fill in.", default=None)
    card: list[Text] | None = stu(
        "A small fill-in card to cut out and keep: the label of each blank on it.",
        default=None,
        min_length=1,
        max_length=8,
    )
    scale: RatingScale | None = stu("Statements to rate on a numbered scale.", default=None)
    checklist: list[Text] | None = stu(
        "Items to tick: each printed with a box to check.", default=None, min_length=1, max_length=20
    )
    sort: CardSort | None = stu("A sorting mat: a column per pile.", default=None)

    @model_validator(mode="after")
    def _exactly_one(self) -> Response:
        chosen = [name for name in RESPONSE_KINDS if getattr(self, name) is not None]
        if len(chosen) != 1:
            raise ValueError(
                "a response is exactly one of 'lines', 'box', 'table', 'card', 'scale', 'checklist' or 'sort'"
                + (f"; this one has {', '.join(chosen)}" if chosen else "")
            )
        return self


RESPONSE_KINDS = ("lines", "box", "table", "card", "scale", "checklist", "sort")


class Prompt(Node):
    """A question put to students, with what the facilitator listens for."""

    noun: ClassVar[str] = "prompt"
    text: Markdown = stu("The question or task as students read it.")
    response: Response | None = stu(
        "The space to answer in on the handout; null when the question is only discussed.",
        default=Response(lines=3),
    )
    aloud: bool = stu(
        "Asked aloud only: kept off the handout (and needs no response); the guide prints it with its "
        "look-fors.",
        default=False,
    )
    look_fors: list[Text] = fac("Ideas a strong response includes; what to listen for.", default_factory=list)
    follow_ups: list[Text] = fac("Questions that push the discussion further.", default_factory=list)
    if_concerning: Markdown | None = fac(
        "What to do if a response suggests a student may be unsafe.", default=None
    )


class PausePoint(Prompt):
    """A planned stop during a video, with its timestamp and question."""

    noun: ClassVar[str] = "pause point"
    at: Timestamp | None = fac(
        "When to pause (MM:SS in the licensed copy); leave empty until a trained facilitator fills it in.",
        default=None,
    )


# --------------------------------------------------------------------------- unit


class HelpResource(Node):
    """A place to get help, printed on every student handout."""

    noun: ClassVar[str] = "help resource"
    id: Id = fac("Identifier used by checks and references.")
    name: Text = pub("Who or what it is, e.g. 'National Human Trafficking Hotline'.")
    contact: Text = pub("How to reach it, e.g. 'Call 1-888-373-7888'.")
    when: Text = pub("When to use it, in one short line.")
    confidentiality: Markdown | None = pub(
        "What stays private when you reach it and what may not (e.g. for callers under 18), "
        "in plain words taken from the resource's own published policy.",
        default=None,
    )
    card_name: Text | None = pub(
        "How the pocket help card names it: a short name that does not say what the unit is about "
        "(no 'trafficking'), so a student can carry the card safely. Defaults to ``name``.",
        default=None,
    )


class GradeBand(Node):
    """A band of grades the unit serves, e.g. grades 7–8."""

    noun: ClassVar[str] = "grade band"
    id: Id = fac("Identifier such as '7-8'.")
    label: Text = pub("How the band is printed, e.g. 'Grades 7–8'.")
    grades: list[Grade] = pub("The grades in the band.", min_length=1)


class VideoSegment(Node):
    """A segment of the restricted documentary series, referenced, never embedded."""

    noun: ClassVar[str] = "video segment"
    id: Ref = stu("Segment identifier used by lessons, e.g. 'VID-01'.")
    title: Text = stu("Segment title as students hear it introduced.")
    series: Text = stu("The series the segment belongs to.")
    source: Text = fac("Who produced and distributes it.")
    access: Markdown = fac("How a facilitator obtains the licensed copy.")
    length_minutes: int = fac("Approximate running time in minutes.", ge=1, le=60)
    start: Timestamp | None = fac("Start time in the licensed copy; empty until filled in.", default=None)
    end: Timestamp | None = fac("End time in the licensed copy; empty until filled in.", default=None)
    min_grade: Grade = fac("Lowest grade this segment may be shown to.")
    content_descriptors: list[Text] = fac("What the segment depicts that may affect viewers.", min_length=1)


class Standard(Node):
    """An entry of the standards catalog."""

    noun: ClassVar[str] = "standard"
    id: Ref = fac("Reference used by lessons, e.g. 'NHES-2024.4'.")
    framework: Text = fac("The framework, e.g. 'National Health Education Standards (2024)'.")
    code: Text = fac("The code within the framework.")
    label: Text = fac("What the standard says, in short.")
    verified: bool = fac("True once the code and wording were checked against the published standard.")


class DisclosureCard(Node):
    """What a facilitator does when a student discloses abuse or trafficking."""

    noun: ClassVar[str] = "disclosure card"
    do: list[Markdown] = fac("Steps to take, in order.", min_length=1)
    avoid: list[Markdown] = fac("What not to do.", min_length=1)
    say: list[Text] = fac("Phrases that help.", default_factory=list)


class FamilyLetter(Node):
    """The content of the letter sent home before the unit."""

    noun: ClassVar[str] = "family letter"
    purpose: Markdown = fam("Why the school teaches this unit.")
    how_taught: Markdown = fam("How lessons are handled safely.")
    reporting_notice: Markdown = fam("That staff are mandated reporters.")
    preview: Markdown = fam("How families can preview the materials.")
    conversation_tips: list[Text] = fam("Tips for talking about the unit at home.", min_length=1)


class Unit(Node):
    """The unit file: what every lesson shares."""

    noun: ClassVar[str] = "unit"
    id: Id = fac("Unit identifier.")
    title: Text = pub("Unit title.")
    subtitle: Text | None = pub("Line under the title.", default=None)
    edition: IsoDate = pub(
        "Date of this edition (YYYY-MM-DD); the documents' date unless SOURCE_DATE_EPOCH is set."
    )
    description: Markdown = fac("What the unit is for and how it is organised.")
    grade_bands: list[GradeBand] = pub("Grade bands the unit serves.", min_length=1)
    how_to_use: list[Markdown] = fac("How to use the facilitator guide.", min_length=1)
    facilitator_readiness: list[Markdown] = fac("What a facilitator completes before teaching.", min_length=1)
    group_agreements: list[Text] = stu("Group agreements shown in every lesson.", min_length=1)
    help_resources: list[HelpResource] = pub("Help resources printed on every student handout.", min_length=1)
    disclosure: DisclosureCard = fac("The disclosure-response card.")
    reporting_steps: list[Markdown] = fac(
        "How to report, in order, with the district's contacts.", min_length=1
    )
    videos: list[VideoSegment] = stu(
        "The video library lessons refer to; students see a segment's title and series only.",
        default_factory=list,
    )
    standards: list[Standard] = fac("The standards catalog lessons refer to.", default_factory=list)
    family_letter: FamilyLetter = fam("Content of the family letter.")


# --------------------------------------------------------------------------- profile


class ConsentMode(StrEnum):
    """Whether families opt their child out, or must opt in, before the unit."""

    OPT_OUT = "opt_out"
    OPT_IN = "opt_in"


Deadline = Annotated[str, StringConstraints(pattern=DEADLINE_PATTERN, strip_whitespace=True)]


class Consent(Node):
    """How families say whether their child takes part, and by when."""

    noun: ClassVar[str] = "consent"
    mode: ConsentMode = fam(
        "opt_out: every student takes part unless a family returns the slip at the end of the letter. "
        "opt_in: a student takes part only once a family has signed and returned the consent form "
        "(some states require this for the topic).",
        default=ConsentMode.OPT_OUT,
    )
    deadline: Deadline = fam(
        "The date the slip or form is due back, YYYY-MM-DD (printed in words: 'Friday, January 15, 2027'); "
        "'FILL IN: …' until it is known."
    )
    return_to: Text = fam("Who or where families return it to, e.g. 'your child's homeroom teacher'.")


class Person(Node):
    """Someone named in a document, with their role."""

    noun: ClassVar[str] = "person"
    name: Text = pub("Name as printed, e.g. 'Ms. Dana Ortiz'.")
    role: Text = pub("Role, e.g. 'School social worker'.")


class Contact(Person):
    """A named person families or staff can reach."""

    noun: ClassVar[str] = "contact"
    phone: Text | None = pub("Phone number.", default=None)
    email: Text | None = pub("Email address.", default=None)
    location: Text | None = pub("Where to find them in the building.", default=None)


class LetterDetails(Node):
    """The local details of the family letter: who teaches, who signs, whom to ask, where to look."""

    noun: ClassVar[str] = "letter details"
    teachers: list[Person] = fam("Who teaches the unit's lessons, by name and role.", min_length=1)
    signer: Person = fam("Who signs the letter, e.g. the principal.")
    contact: Contact = fam("Whom families contact with questions or to review the materials.")
    review: Text = fam(
        "Where and when families can review the lesson plans, handouts and videos before the lessons, "
        "e.g. 'in the counseling office on school days, 8 am–4 pm, or at the family preview evening'."
    )


LANGUAGE_CODE = r"^[a-z]{2,3}$"
"""An ISO 639 code, as string tables (``templates/strings/es.yaml``) and catalogs are named."""


class RoleText(Node):
    """A person's role in another language; the name is printed as the profile gives it."""

    noun: ClassVar[str] = "role translation"
    role: Text | None = pub("The role in this language, e.g. 'Trabajadora social'.", default=None)


class ContactText(RoleText):
    """A contact's words in another language; the name, phone and email are printed as given."""

    noun: ClassVar[str] = "contact translation"
    location: Text | None = pub(
        "Where to find them, in this language, e.g. 'Servicios estudiantiles, salón 112'.", default=None
    )


class ConsentText(Node):
    """The consent details in another language; the mode and the deadline are the profile's."""

    noun: ClassVar[str] = "consent translation"
    return_to: Text | None = fam(
        "Who or where families return the slip or form to, in this language.", default=None
    )


class LetterText(Node):
    """The family letter's local details in another language."""

    noun: ClassVar[str] = "letter translation"
    teachers: list[RoleText] = fam(
        "Each teacher's role, in the order of letter.teachers (a teacher left out keeps the English role).",
        default_factory=list,
    )
    signer: RoleText | None = fam("The signer's role in this language.", default=None)
    contact: ContactText | None = fam(
        "The family contact's role and location in this language.", default=None
    )
    review: Text | None = fam(
        "Where and when families can review the materials, in this language.", default=None
    )


class ProfileText(Node):
    """The profile's words in one other language, for that language's handouts and letters. Every
    field is optional: what is left out prints as the profile gives it. Names, phone numbers,
    email addresses and the deadline need no translation, so they have no field here."""

    noun: ClassVar[str] = "profile translation"
    counselor: ContactText | None = pub("The counselor's role and office location.", default=None)
    break_space: Text | None = pub("Where a student may go to take a break.", default=None)
    consent: ConsentText | None = fam("Where the slip or form goes back.", default=None)
    letter: LetterText | None = fam("The family letter's roles and review times.", default=None)


N = TypeVar("N", bound=Node)


def _over(base: N, given: Node) -> N:
    """``base`` with every value ``given`` sets put in its place; list items in order."""
    updates: dict[str, Any] = {}
    for name in given.model_fields_set:
        value, current = getattr(given, name), getattr(base, name)
        if isinstance(value, Node) and isinstance(current, Node):
            updates[name] = _over(current, value)
        elif isinstance(value, list) and isinstance(current, list):
            updates[name] = [_over(c, v) for c, v in zip(current, value, strict=False)] + current[
                len(value) :
            ]
        elif value is not None:
            updates[name] = value
    return base.model_copy(update=updates)


class Profile(Node):
    """The district profile: local names and numbers a district fills in."""

    noun: ClassVar[str] = "profile"
    district: Text = pub("District name.")
    school: Text = pub("School name.")
    counselor: Contact = pub("The counselor students can go to; printed on every handout.")
    reporting_contact: Contact = fac("The designated staff member reports are made through.")
    cps_phone: Text = fac("County child protective services intake line.")
    law_enforcement_phone: Text = fac("Non-emergency law enforcement line.")
    break_space: Text = pub("Where a student may go to take a break.")
    consent: Consent = fam("Opt-out or opt-in, the deadline and where the slip or form goes back.")
    letter: LetterDetails = fam("Who teaches, who signs and whom families contact, for the family letter.")
    logo: Figure | None = pub("District logo for the guide cover.", default=None)
    language: Literal["en"] = pub("Language of the documents.", default="en")
    translations: dict[Annotated[str, StringConstraints(pattern=LANGUAGE_CODE)], ProfileText] = pub(
        "The profile's words in the kit's other languages, e.g. {es: {break_space: 'la oficina de "
        "consejería'}}: printed on that language's handouts and letters in place of the values above.",
        default_factory=dict,
    )

    def in_language(self, language: str) -> Profile:
        """The profile as the documents in ``language`` print it: its translated values in place
        of the others, and no ``translations`` left for a composer to read by mistake."""
        given = self.translations.get(language)
        translated = _over(self, given) if given is not None else self
        return translated.model_copy(update={"translations": {}})


# --------------------------------------------------------------------------- lesson


class SectionKind(StrEnum):
    """The kinds of lesson section, in the order they usually come."""

    WARM_UP = "warm_up"
    VIDEO = "video"
    DISCUSSION = "discussion"
    ACTIVITY = "activity"
    CLOSURE = "closure"
    EXIT_TICKET = "exit_ticket"
    EXTENSION = "extension"


class Objective(Node):
    """One objective in two wordings."""

    noun: ClassVar[str] = "objective"
    facilitator: Text = fac("The measurable objective as facilitators read it.")
    student: Text = stu("The same objective as an 'I can …' statement.")


class Term(Node):
    """A vocabulary word with a student-friendly definition."""

    noun: ClassVar[str] = "vocabulary term"
    term: Text = stu("The word or phrase.")
    definition: Text = stu("A short definition in plain words.")


class ContentAdvisory(Node):
    """What the lesson covers, said ahead of time."""

    noun: ClassVar[str] = "content advisory"
    student: Markdown = pub(
        "What students are told the lesson covers, with their right to pass; the family letter "
        "prints its first paragraph as what the lesson holds."
    )
    facilitator: Markdown = fac("What in the lesson may affect students, in detail.")


class SafetyPlan(Node):
    """How students are kept safe during the lesson."""

    noun: ClassVar[str] = "safety plan"
    opt_out_alternative: Markdown = fac(
        "An equivalent activity for opted-out students that does not single them out."
    )
    counselor: Literal["in_room", "on_call"] = fac("Whether the counselor is in the room or on call.")
    step_out: Text = stu("How a student steps out without having to explain.")
    notes: Markdown | None = fac("Anything else to arrange.", default=None)


class VideoUse(Node):
    """How a lesson shows one video segment."""

    noun: ClassVar[str] = "video use"
    segment: Ref = stu("Id of a segment in the unit's video library.")
    pre_viewing: list[Prompt] = stu("Questions to hold in mind before watching.", default_factory=list)
    pause_points: list[PausePoint] = stu("Planned stops with a question each.", default_factory=list)
    post_viewing: list[Prompt] = stu("Questions after the segment.", default_factory=list)
    debrief: Markdown = fac("How to check in on feelings before analysis.")


class ExitItem(Node):
    """One exit-ticket question, with its answer key."""

    noun: ClassVar[str] = "exit-ticket item"
    text: Markdown = stu("The question.")
    kind: Literal["short_answer", "multiple_choice", "true_false"] = stu("How students answer.")
    choices: list[Text] = stu("Choices for multiple_choice.", default_factory=list)
    response: Response | None = stu(
        "The space to answer in (short answers; choices need none).", default=Response(lines=2)
    )
    answer: Markdown = fac("The answer key: what a correct or strong answer says.")


class Role(Node):
    """A part one student plays in a group task, printed on its own role card."""

    noun: ClassVar[str] = "role"
    name: Text = stu("The role, e.g. 'Reader' or 'Recorder'.")
    instructions: Markdown = stu("What this role does; printed only on this role's card.")
    script: Markdown | None = stu(
        "Words only this role reads aloud; printed on its card and never on the handout.", default=None
    )


class Station(Node):
    """A place groups rotate through, each with its own task."""

    noun: ClassVar[str] = "station"
    title: Text = stu("Station name, e.g. 'Station 2: The job offer'.")
    minutes: int = fac("Minutes a group spends here.", ge=1, le=60)
    instructions: Markdown = stu("What a group does here, as students read it (printed as a station sign).")
    material: Ref | None = stu("Id of a student material used here.", default=None)
    prompts: list[Prompt] = stu("Questions a group answers here.", default_factory=list)


class Differentiation(Node):
    """How to adapt a section; for the facilitator only."""

    noun: ClassVar[str] = "differentiation"
    english_learners: Markdown | None = fac("Support for English learners.", default=None)
    accommodations: Markdown | None = fac(
        "Accommodations (IEP/504, reading, writing, attention, sensory).", default=None
    )
    going_further: Markdown | None = fac("Extension for students ready to go further.", default=None)


SECTION_PARTS = ("student_instructions", "script", "notes", "prompts", "video", "items", "stations", "roles")
"""Parts of a section whose order the documents keep as the lesson file gives it."""


class Section(Node):
    """One timed part of the lesson agenda."""

    noun: ClassVar[str] = "section"
    id: Id = fac("Identifier, unique in the lesson.")
    kind: SectionKind = stu("What kind of section this is.")
    title: Text = stu("Section title.")
    minutes: int = fac(
        "Planned minutes; a range such as '15-20' sets the least here and the most in up_to.", ge=1, le=120
    )
    up_to: int | None = fac("The most minutes, when the plan is a range.", default=None, ge=1, le=120)
    period: int = stu(
        "Which class period of the lesson (1, 2, …) the section is taught in.", default=1, ge=1, le=5
    )
    optional: bool = stu(
        "An optional step: marked on both documents and left out of the required minutes.", default=False
    )
    student_instructions: Markdown | None = stu("What students do, as they read it.", default=None)
    script: Markdown | None = fac("What the facilitator says, in their own words.", default=None)
    notes: Markdown | None = fac("Facilitator notes: set-up, pacing, watch-outs.", default=None)
    prompts: list[Prompt] = stu("Discussion or activity prompts.", default_factory=list)
    video: VideoUse | None = stu("The video segment shown (video sections).", default=None)
    items: list[ExitItem] = stu("Exit-ticket items (exit_ticket sections).", default_factory=list)
    figure: Figure | None = stu("An image shown with this section.", default=None)
    response: Response | None = stu(
        "The space to answer in after the instructions, when they ask students to write or draw.",
        default=None,
    )
    materials: list[Ref] = stu(
        "Ids of the lesson's student materials used in this section.", default_factory=list
    )
    roles: list[Role] = stu("Group roles, each printed on its own card.", default_factory=list)
    stations: list[Station] = stu("Stations groups rotate through.", default_factory=list)
    differentiation: Differentiation | None = fac("How to adapt this section.", default=None)
    # A factory, not a default: pydantic deep-copies a default tuple for every section it makes.
    _order: tuple[str, ...] = PrivateAttr(default_factory=lambda: SECTION_PARTS)

    @model_validator(mode="before")
    @classmethod
    def _minute_range(cls, data: Any) -> Any:
        """'15-20' (or '15–20') means minutes 15, up to 20."""
        if isinstance(data, dict) and isinstance(data.get("minutes"), str):
            match = re.fullmatch(r"\s*(\d{1,3})\s*[-–]\s*(\d{1,3})\s*", data["minutes"])
            if match and "up_to" not in data:
                data = {**data, "minutes": int(match[1]), "up_to": int(match[2])}
        return data

    @model_validator(mode="after")
    def _range_runs_forward(self) -> Section:
        if self.up_to is not None and self.up_to < self.minutes:
            raise ValueError(f"the range runs backwards: {self.minutes} to {self.up_to} minutes")
        return self

    @model_validator(mode="wrap")
    @classmethod
    def _remember_order(cls, data: Any, handler: ValidatorFunctionWrapHandler) -> Section:
        """Note the order the file gives the section's parts in (YAML mappings keep file order)."""
        section = handler(data)
        if isinstance(data, dict):
            given = [key for key in data if key in SECTION_PARTS]
            section._order = (*given, *(part for part in SECTION_PARTS if part not in given))
        return section

    @property
    def part_order(self) -> tuple[str, ...]:
        """The section's parts in the order the lesson file gives them (the others after, in the usual order)."""
        return self._order

    @property
    def required(self) -> bool:
        """Counted in the lesson's required minutes: not optional, not an extension after class."""
        return not self.optional and self.kind is not SectionKind.EXTENSION


class Card(Node):
    """One card of a card set."""

    noun: ClassVar[str] = "card"
    text: Text = stu("What the card says.")
    answer: Text | None = fac("The answer or the pile it belongs in (facilitator only).", default=None)


class Material(Node):
    """Something students use besides the handout: printed from the lesson, or kept elsewhere."""

    noun: ClassVar[str] = "student material"
    id: Id = stu("Identifier, unique in the lesson; sections, stations and card sorts refer to it.")
    title: Text = stu("Title as students see it.")
    kind: Literal["reading", "worksheet", "card_set", "external"] = fac(
        "reading (a story or case sheet) and worksheet print as their own student document; card_set "
        "prints its cards as a cut-out grid; external is kept elsewhere (slides, a web page) and only "
        "listed in the guide."
    )
    per: Literal["student", "pair", "group", "class"] = fac("Who gets a copy.", default="student")
    body: Markdown | None = stu("The text of a reading or worksheet.", default=None)
    prompts: list[Prompt] = stu("Questions on a worksheet, each with its space.", default_factory=list)
    cards: list[Card] = stu("The cards of a card set.", default_factory=list)
    source: Text | None = fac(
        "Where to get an external material: publisher, title, web address.", default=None
    )

    @model_validator(mode="after")
    def _fits_kind(self) -> Material:
        if self.kind == "card_set" and not self.cards:
            raise ValueError("a card_set needs its cards")
        if self.kind == "external" and not self.source:
            raise ValueError("an external material needs a source: where to get it")
        if self.kind in ("reading", "worksheet") and not (self.body or self.prompts):
            raise ValueError(f"a {self.kind} needs a body or prompts to print")
        return self


class SurveyItem(Node):
    """One survey statement."""

    noun: ClassVar[str] = "survey item"
    text: Text = stu("The statement or question.")


class Survey(Node):
    """An anonymous attitude or knowledge survey, printed as its own student document."""

    noun: ClassVar[str] = "survey"
    title: Text = pub("Survey title.")
    when: Literal["before", "after", "before_and_after"] = pub(
        "Given before the lesson, after it, or both (a pre/post pair: two columns)."
    )
    instructions: Markdown = stu(
        "What students are told: anonymous, no right answers, they may skip any item."
    )
    scale: RatingScale = pub("The scale and the statements students rate.")


class BandStandards(Node):
    """Standards that apply when the lesson is taught to one grade band."""

    noun: ClassVar[str] = "band standards"
    band: Id = fac("Id of one of the unit's grade bands.")
    standards: list[Ref] = fac("Ids from the unit's standards catalog.", min_length=1)


class FamilyConnection(Node):
    """What goes home about this lesson."""

    noun: ClassVar[str] = "family connection"
    preview: Markdown = fam(
        "What the lesson will cover, in one or two plain sentences, for the letter sent home before the unit."
    )
    summary: Markdown = fam("What the lesson covered, for families.")
    conversation_starters: list[Text] = fam(
        "Questions to talk about at home after the lesson; the family letter prints the first one.",
        min_length=1,
    )


class Lesson(Node):
    """One lesson file."""

    noun: ClassVar[str] = "lesson"
    id: Id = fac("Lesson identifier, unique in the unit.")
    number: int = pub("Position of the lesson in the unit.", ge=1, le=99)
    title: Text = pub("Lesson title.")
    grades: list[Grade] = pub("Grades the lesson is written for (7–12).", min_length=1)
    duration_minutes: int = fac(
        "Length of one class period in minutes; a lesson over several periods has this much in each.",
        ge=10,
        le=240,
    )
    periods: int = pub("How many class periods the lesson spans.", default=1, ge=1, le=5)
    essential_question: Text | None = stu("The question the lesson keeps coming back to.", default=None)
    tags: list[Id] = fac("Keywords trainers select lessons by.", default_factory=list)
    overview: Markdown = fac("The big idea and why it matters, for the facilitator.")
    student_summary: Markdown = stu("What we will do today, as students read it.")
    objectives: list[Objective] = stu("Objectives, each in facilitator and student wording.", min_length=1)
    standards: list[Ref] = fac("Ids from the unit's standards catalog.", default_factory=list)
    band_standards: list[BandStandards] = fac(
        "Standards that differ by grade band, added to ``standards`` for that band.", default_factory=list
    )
    vocabulary: list[Term] = stu("Key terms.", default_factory=list)
    materials: list[Text] = fac("What to have ready.", default_factory=list)
    preparation: list[Markdown] = fac("Preparation checklist.", default_factory=list)
    student_materials: list[Material] = stu(
        "Readings, worksheets, card sets and external materials students use.", default_factory=list
    )
    survey: Survey | None = pub("A survey students take (families may review it).", default=None)
    content_advisory: ContentAdvisory | None = pub(
        "The content note (students and families read its student part); required when a video is shown.",
        default=None,
    )
    safety_plan: SafetyPlan = stu("How students are kept safe during the lesson.")
    sections: list[Section] = stu("The agenda, in order.", min_length=1)
    disclosure_notes: Markdown | None = fac(
        "What to do if a student discloses during this lesson.", default=None
    )
    family_connection: FamilyConnection | None = fam("What goes home about this lesson.", default=None)

    def planned_minutes(self, period: int | None = None) -> int:
        """Least minutes of the required sections (of one period, or all): optional steps and an
        extension after class are not counted."""
        return sum(s.minutes for s in self.sections if s.required and period in (None, s.period))


def is_placeholder(value: str) -> bool:
    """True for a profile value that still says 'FILL IN: …'."""
    return value.strip().upper().startswith(PLACEHOLDER_PREFIX)


def slug(text: str) -> str:
    """A file-name-safe form of a title."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
