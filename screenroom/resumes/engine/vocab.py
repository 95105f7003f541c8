"""Skills vocabulary: canonical names and the spellings resumes use for them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

# canonical name -> aliases (case-insensitive). Keep aliases that are ordinary English words out of
# here; put them in AMBIGUOUS, which only counts inside a skills section.
SKILLS: dict[str, tuple[str, ...]] = {
    "Python": ("python", "python3"),
    "Java": ("java",),
    "JavaScript": ("javascript", "js", "ecmascript", "es6"),
    "TypeScript": ("typescript", "ts"),
    "C++": ("c++", "cpp"),
    "C#": ("c#", "csharp", "c sharp"),
    "Go": ("golang",),
    "Rust": ("rust",),
    "Ruby": ("ruby",),
    "Ruby on Rails": ("ruby on rails", "rails", "ror"),
    "PHP": ("php",),
    "Kotlin": ("kotlin",),
    "Scala": ("scala",),
    "Swift": ("swiftui",),
    "SQL": ("sql",),
    "PostgreSQL": ("postgresql", "postgres", "psql"),
    "MySQL": ("mysql",),
    "MongoDB": ("mongodb", "mongo"),
    "Redis": ("redis",),
    "Elasticsearch": ("elasticsearch", "elastic search", "opensearch"),
    "Kafka": ("kafka", "apache kafka"),
    "Spark": ("apache spark", "pyspark", "spark"),
    "Hadoop": ("hadoop",),
    "Airflow": ("airflow", "apache airflow"),
    "dbt": ("dbt",),
    "Snowflake": ("snowflake",),
    "Django": ("django",),
    "Flask": ("flask",),
    "FastAPI": ("fastapi",),
    "Spring Boot": ("spring boot", "springboot"),
    "Node.js": ("node.js", "nodejs", "node js"),
    "React": ("react", "react.js", "reactjs"),
    "Angular": ("angular", "angularjs"),
    "Vue.js": ("vue", "vue.js", "vuejs"),
    "HTML": ("html", "html5"),
    "CSS": ("css", "css3"),
    "GraphQL": ("graphql",),
    "REST APIs": ("restful", "rest api", "rest apis"),
    ".NET": (".net", "dotnet", "asp.net"),
    "AWS": ("aws", "amazon web services"),
    "Azure": ("azure", "microsoft azure"),
    "GCP": ("gcp", "google cloud", "google cloud platform"),
    "Docker": ("docker",),
    "Kubernetes": ("kubernetes", "k8s"),
    "Terraform": ("terraform",),
    "Ansible": ("ansible",),
    "Linux": ("linux",),
    "Git": ("git",),
    "CI/CD": ("ci/cd", "continuous integration", "continuous delivery"),
    "Jenkins": ("jenkins",),
    "GitHub Actions": ("github actions",),
    "Machine Learning": ("machine learning", "ml"),
    "Deep Learning": ("deep learning",),
    "PyTorch": ("pytorch",),
    "TensorFlow": ("tensorflow",),
    "scikit-learn": ("scikit-learn", "sklearn", "scikit learn"),
    "pandas": ("pandas",),
    "NumPy": ("numpy",),
    "NLP": ("nlp", "natural language processing"),
    "Computer Vision": ("computer vision",),
    "Data Analysis": ("data analysis", "data analytics"),
    "Statistics": ("statistics", "statistical analysis"),
    "Tableau": ("tableau",),
    "Power BI": ("power bi", "powerbi"),
    "Microsoft Excel": ("microsoft excel", "ms excel", "excel spreadsheets"),
    "Figma": ("figma",),
    "Sketch": ("sketch app",),
    "Adobe Photoshop": ("photoshop", "adobe photoshop"),
    "UX Design": ("ux design", "user experience design", "ux research"),
    "Agile": ("agile",),
    "Scrum": ("scrum",),
    "Jira": ("jira",),
    "Project Management": ("project management",),
    "Product Management": ("product management",),
    "Salesforce": ("salesforce", "sfdc"),
    "HubSpot": ("hubspot",),
    "SEO": ("seo", "search engine optimization"),
    "Google Analytics": ("google analytics",),
    "Content Marketing": ("content marketing",),
    "Account Management": ("account management",),
    "Lead Generation": ("lead generation",),
    "Negotiation": ("negotiation",),
    "Customer Service": ("customer service", "customer support"),
    "Accounting": ("accounting",),
    "Bookkeeping": ("bookkeeping",),
    "QuickBooks": ("quickbooks",),
    "SAP": ("sap",),
    "Financial Modeling": ("financial modeling", "financial modelling"),
    "Budgeting": ("budgeting",),
    "Auditing": ("auditing", "audit"),
    "GAAP": ("gaap", "us gaap"),
    "Patient Care": ("patient care",),
    "Electronic Health Records": ("ehr", "emr", "electronic health records", "epic ehr"),
    "Phlebotomy": ("phlebotomy",),
    "Medication Administration": ("medication administration",),
    "Forklift": ("forklift",),
    "Inventory Management": ("inventory management",),
    "Supply Chain": ("supply chain", "logistics"),
    "AutoCAD": ("autocad",),
    "SolidWorks": ("solidworks",),
    "Selenium": ("selenium",),
    "Cypress": ("cypress",),
    "Unit Testing": ("unit testing", "pytest", "junit"),
    "Microservices": ("microservices", "micro-services"),
    "Cybersecurity": ("cybersecurity", "information security", "infosec"),
}

# Aliases that are also ordinary words or letters: matched case-sensitively and only inside a skills
# section, so "go to market" or "R&D" does not become a skill.
AMBIGUOUS: dict[str, tuple[str, ...]] = {
    "Go": ("Go",),
    "R": ("R",),
    "C": ("C",),
    "Swift": ("Swift",),
    "Sketch": ("Sketch",),
    "Microsoft Excel": ("Excel",),
}


_TOKEN_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9+#]*(?:[./\-][A-Za-z0-9+#]+)*|\.[A-Za-z]+")

Match = tuple[int, int, str]  # start, end, canonical name


@dataclass(frozen=True)
class Vocabulary:
    """Matches aliases by looking words up in a dict.

    One big alternation regex over ~300 aliases cost ~2 ms per resume; a dict probe per word, and a
    direct comparison only where a multi-word alias can start, costs a fraction of that.
    """

    canonical: dict[str, str]  # lower-cased alias -> canonical name
    ambiguous: dict[str, str]  # exact-case alias -> canonical name
    multi: dict[str, list[str]]  # first word -> multi-word aliases starting with it, longest first
    first_words: frozenset[str]  # single-word aliases and the first words of multi-word ones

    def canonical_name(self, term: str) -> str:
        key = term.strip().lower()
        return self.canonical.get(key) or self.ambiguous.get(term.strip()) or term.strip()

    def find(self, text: str, *, ambiguous: bool = False) -> list[Match]:
        low = text.lower()
        # Set intersection runs in C: most words of a resume are not skills, so Python only ever
        # touches the few that are.
        words = set(_TOKEN_RE.findall(low))
        hits: list[Match] = []
        for word in words & self.first_words:
            for start in _occurrences(low, word):
                longer = self.multi.get(word)
                phrase = next((al for al in longer if _phrase_at(low, start, al)), None) if longer else None
                if phrase is not None:
                    hits.append((start, start + len(phrase), self.canonical[phrase]))
                elif word in self.canonical:
                    hits.append((start, start + len(word), self.canonical[word]))
        if ambiguous and self.ambiguous:
            for word in set(_TOKEN_RE.findall(text)) & self.ambiguous.keys():
                hits.extend(
                    (start, start + len(word), self.ambiguous[word]) for start in _occurrences(text, word)
                )
        hits.sort(key=lambda h: (h[0], -h[1]))
        out: list[Match] = []
        taken = -1
        for hit in hits:
            if hit[0] >= taken:  # the longest alias at a position wins; overlapped ones are dropped
                out.append(hit)
                taken = hit[1]
        return out


def _occurrences(text: str, word: str) -> list[int]:
    found: list[int] = []
    i = text.find(word)
    while i != -1:
        if _bounded(text, i, i + len(word)):
            found.append(i)
        i = text.find(word, i + 1)
    return found


def _bounded(text: str, start: int, end: int) -> bool:
    """The same word edges as _TOKEN_RE: "c++" and ".net" are words, "node.js" is one word."""
    if start > 0:
        prev = text[start - 1]
        if prev.isalnum() or prev in "+#" or (prev in "./-" and start > 1 and text[start - 2].isalnum()):
            return False
    if end < len(text):
        nxt = text[end]
        if nxt.isalnum() or nxt in "+#" or (nxt in "./-" and end + 1 < len(text) and text[end + 1].isalnum()):
            return False
    return True


def _phrase_at(text: str, start: int, phrase: str) -> bool:
    end = start + len(phrase)
    return text[start:end] == phrase and _bounded(text, start, end)


@lru_cache(maxsize=256)
def vocabulary(extra_terms: tuple[str, ...] = ()) -> Vocabulary:
    """The base vocabulary plus the job's own terms (each also known by its existing synonyms)."""
    canonical: dict[str, str] = {}
    for name, aliases in SKILLS.items():
        if name not in AMBIGUOUS:
            canonical[name.lower()] = name
        for alias in aliases:
            canonical[alias] = name
    ambiguous = {a: name for name, aliases in AMBIGUOUS.items() for a in aliases}
    ambiguous_lower = {a.lower() for a in ambiguous}
    for term in extra_terms:
        key = " ".join(t.lower() for t in _TOKEN_RE.findall(term))
        if len(key) > 1 and key not in canonical and key not in ambiguous_lower:
            canonical[key] = term.strip()
    return _build(canonical, ambiguous)


def _build(table: dict[str, str], ambiguous: dict[str, str]) -> Vocabulary:
    multi = _multi(table)
    return Vocabulary(table, ambiguous, multi, frozenset(a for a in table if " " not in a) | multi.keys())


def _multi(table: dict[str, str]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for alias in table:
        if " " in alias:
            out.setdefault(alias.split(" ")[0], []).append(alias)
    for aliases in out.values():
        aliases.sort(key=len, reverse=True)
    return out


CERTIFICATIONS: dict[str, tuple[str, ...]] = {
    "PMP": ("pmp", "project management professional"),
    "AWS Certified Solutions Architect": ("aws certified solutions architect", "aws solutions architect"),
    "AWS Certified Developer": ("aws certified developer",),
    "CISSP": ("cissp",),
    "CKA": ("cka", "certified kubernetes administrator"),
    "CKAD": ("ckad", "certified kubernetes application developer"),
    "CompTIA Security+": ("security+", "comptia security+"),
    "CPA": ("cpa", "certified public accountant"),
    "CFA": ("cfa", "chartered financial analyst"),
    "Certified ScrumMaster": ("csm", "certified scrummaster", "certified scrum master"),
    "ITIL": ("itil",),
    "BLS": ("bls", "basic life support"),
    "ACLS": ("acls", "advanced cardiac life support"),
    "Registered Nurse": ("registered nurse", "rn license", "rn licence"),
    "CDL": ("cdl", "commercial driver's license", "commercial drivers license"),
    "Google Analytics Certification": ("google analytics certification", "google analytics certified"),
}
CERT_CANONICAL = {a: name for name, aliases in CERTIFICATIONS.items() for a in aliases} | {
    n.lower(): n for n in CERTIFICATIONS
}


def _cert_vocabulary() -> Vocabulary:
    table = {" ".join(_TOKEN_RE.findall(a)).lower(): n for a, n in CERT_CANONICAL.items()}
    return _build(table, {})


CERT_VOCAB = _cert_vocabulary()

NATURAL_LANGUAGES = (
    "English", "Spanish", "French", "German", "Italian", "Portuguese", "Dutch", "Polish", "Russian",
    "Ukrainian", "Mandarin", "Chinese", "Cantonese", "Japanese", "Korean", "Arabic", "Hindi", "Urdu",
    "Bengali", "Punjabi", "Tamil", "Turkish", "Greek", "Hebrew", "Swedish", "Norwegian", "Danish",
    "Finnish", "Czech", "Romanian", "Hungarian", "Vietnamese", "Thai", "Tagalog", "Indonesian",
    "Malay", "Swahili", "Persian", "Farsi",
)  # fmt: skip
