"""What a report holds, as plain data: figures.compute() fills it, xlsx.py and pdf.py render it.

Nothing here touches the database, so the writers can be tested with hand-made reports."""

import calendar
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal

SectionKey = Literal["overview", "results", "contribution", "suggestions", "cases"]
ChartKind = Literal["bar", "pie", "line"]
SECTION_KEYS: tuple[str, ...] = ("overview", "results", "contribution", "suggestions", "cases")


@dataclass(frozen=True)
class Period:
    """A reporting period; both ends are included."""

    start: date
    end: date

    @classmethod
    def year(cls, year: int) -> "Period":
        return cls(date(year, 1, 1), date(year, 12, 31))

    @classmethod
    def month(cls, year: int, month: int) -> "Period":
        return cls(date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1]))

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def label(self) -> str:
        if (self.start.month, self.start.day, self.end.month, self.end.day) == (1, 1, 12, 31) and (
            self.start.year == self.end.year
        ):
            return str(self.start.year)
        if self == Period.month(self.start.year, self.start.month):
            return f"{self.start:%Y-%m}"
        return f"{self.start.isoformat()} – {self.end.isoformat()}"


@dataclass
class Table:
    key: str
    title: str
    columns: list[str]
    # Numbers stay int/float/Decimal so the workbook gets numeric cells.
    rows: list[list] = field(default_factory=list)


@dataclass
class Chart:
    kind: ChartKind
    title: str
    labels: list[str]
    # One list of numbers per series, each as long as ``labels``.
    series: dict[str, list] = field(default_factory=dict)


@dataclass
class Section:
    key: SectionKey
    title: str
    tables: list[Table] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)
    narrative: str = ""


@dataclass
class Case:
    """A typical case (典型案例) the secretariat picked."""

    title: str
    unit: str
    text: str


@dataclass
class Agreement:
    """A representative agreement (代表性合作协议) as the report lists it."""

    number: str
    title: str
    kind: str
    parties: list[str] = field(default_factory=list)
    signed_on: date | None = None


@dataclass
class Narrative:
    """The parts the secretariat writes before a run; the figures fill in around them.

    ``agreements`` may also hold cooperation.models.Agreement instances: figures.compute()
    turns them into :class:`Agreement` rows with one query."""

    overview: str = ""
    results: str = ""
    contribution: str = ""
    suggestions: str = ""
    agreements: list = field(default_factory=list)
    cases: list[Case] = field(default_factory=list)


@dataclass
class Report:
    period: Period
    sections: list[Section]
    generated_at: datetime
    language: str

    def section(self, key: str) -> Section:
        return next(s for s in self.sections if s.key == key)

    def table(self, key: str) -> Table:
        return next(t for s in self.sections for t in s.tables if t.key == key)
