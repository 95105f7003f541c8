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


@dataclass(frozen=True)
class Vocabulary:
    pattern: re.Pattern[str]
    ambiguous: re.Pattern[str]
    canonical: dict[str, str]  # lower-cased alias -> canonical name

    def canonical_name(self, term: str) -> str:
        return self.canonical.get(term.strip().lower(), term.strip())


def _alias_regex(aliases: list[str], flags: int) -> re.Pattern[str]:
    # Longest first so "ruby on rails" wins over "ruby"; custom boundaries so "c++" and ".net" work.
    body = "|".join(re.escape(a) for a in sorted(set(aliases), key=len, reverse=True))
    return re.compile(rf"(?<![\w+#/.\-])(?:{body})(?![\w+#]|\.\w|-\w)", flags)


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
        key = term.strip().lower()
        if len(key) > 1 and key not in canonical and key not in ambiguous_lower:
            canonical[key] = term.strip()
    return Vocabulary(
        _alias_regex(list(canonical), re.IGNORECASE),
        _alias_regex(list(ambiguous), 0),
        canonical | {a.lower(): n for a, n in ambiguous.items() if a.lower() not in canonical},
    )


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
CERT_RE = _alias_regex([a for aliases in CERTIFICATIONS.values() for a in aliases], re.IGNORECASE)
CERT_CANONICAL = {a: name for name, aliases in CERTIFICATIONS.items() for a in aliases} | {
    n.lower(): n for n in CERTIFICATIONS
}

NATURAL_LANGUAGES = (
    "English", "Spanish", "French", "German", "Italian", "Portuguese", "Dutch", "Polish", "Russian",
    "Ukrainian", "Mandarin", "Chinese", "Cantonese", "Japanese", "Korean", "Arabic", "Hindi", "Urdu",
    "Bengali", "Punjabi", "Tamil", "Turkish", "Greek", "Hebrew", "Swedish", "Norwegian", "Danish",
    "Finnish", "Czech", "Romanian", "Hungarian", "Vietnamese", "Thai", "Tagalog", "Indonesian",
    "Malay", "Swahili", "Persian", "Farsi",
)  # fmt: skip
