"""Names of the demo households (all persons of the demo are fictitious).

Per origin: the country, languages, whether an interpreter is usually needed, given names
(female, male) and family names as (Latin, original script, female Latin, female original)
where the family name changes with gender; the original script is empty for Latin scripts.
"""

from __future__ import annotations

from dataclasses import dataclass

Name = tuple[str, str]  # Latin script, original script ("" when it is Latin)
Family = tuple[str, str, str, str]  # male Latin, male original, female Latin, female original


@dataclass(frozen=True)
class Origin:
    country: str
    languages: tuple[str, ...]
    interpreter: str  # the interpreting language, "" when German is enough
    female: tuple[Name, ...]
    male: tuple[Name, ...]
    families: tuple[Family, ...]
    weight: int


def _same(*names: str) -> tuple[Family, ...]:
    return tuple((n, "", n, "") for n in names)


ORIGINS = (
    Origin(
        "RO", ("ro",), "ro",
        (("Ana", ""), ("Maria", ""), ("Elena", ""), ("Ioana", ""), ("Florentina", "")),
        (("Ion", ""), ("Mihai", ""), ("Florin", ""), ("Gheorghe", ""), ("Constantin", "")),
        _same("Popescu", "Ionescu", "Stoica", "Dumitru", "Lăcătuș", "Căldăraru"),
        14,
    ),
    Origin(
        "BG", ("bg", "tr"), "bg",
        (("Maria", "Мария"), ("Elena", "Елена"), ("Petya", "Петя"), ("Desislava", "Десислава")),
        (("Ivan", "Иван"), ("Georgi", "Георги"), ("Dimitar", "Димитър"), ("Asen", "Асен")),
        (
            ("Petrov", "Петров", "Petrova", "Петрова"),
            ("Ivanov", "Иванов", "Ivanova", "Иванова"),
            ("Asenov", "Асенов", "Asenova", "Асенова"),
            ("Yordanov", "Йорданов", "Yordanova", "Йорданова"),
        ),
        12,
    ),
    Origin(
        "SY", ("ar", "ku"), "ar",
        (("Amina", "أمينة"), ("Layla", "ليلى"), ("Rana", "رنا"), ("Fatima", "فاطمة")),
        (("Omar", "عمر"), ("Ahmad", "أحمد"), ("Khaled", "خالد"), ("Yusuf", "يوسف")),
        (
            ("Haddad", "حداد", "Haddad", "حداد"),
            ("Al-Hassan", "الحسن", "Al-Hassan", "الحسن"),
            ("Khalil", "خليل", "Khalil", "خليل"),
            ("Darwish", "درويش", "Darwish", "درويش"),
        ),
        10,
    ),
    Origin(
        "UA", ("uk", "ru"), "uk",
        (("Olena", "Олена"), ("Iryna", "Ірина"), ("Oksana", "Оксана"), ("Kateryna", "Катерина")),
        (("Andrii", "Андрій"), ("Oleksandr", "Олександр"), ("Dmytro", "Дмитро")),
        (
            ("Shevchenko", "Шевченко", "Shevchenko", "Шевченко"),
            ("Kovalenko", "Коваленко", "Kovalenko", "Коваленко"),
            ("Melnyk", "Мельник", "Melnyk", "Мельник"),
            ("Bondarenko", "Бондаренко", "Bondarenko", "Бондаренко"),
        ),
        9,
    ),
    Origin(
        "TR", ("tr", "de"), "",
        (("Ayşe", ""), ("Elif", ""), ("Zeynep", ""), ("Emine", "")),
        (("Mehmet", ""), ("Mustafa", ""), ("Emre", ""), ("Hüseyin", "")),
        _same("Yılmaz", "Kaya", "Demir", "Şahin", "Çelik"),
        6,
    ),
    Origin(
        "AF", ("fa", "ps"), "fa",
        (("Mariam", "مریم"), ("Zahra", "زهرا"), ("Nargis", "نرگس")),
        (("Ahmad", "احمد"), ("Mohammad", "محمد"), ("Farid", "فرید")),
        (
            ("Ahmadi", "احمدی", "Ahmadi", "احمدی"),
            ("Rahimi", "رحیمی", "Rahimi", "رحیمی"),
            ("Noori", "نوری", "Noori", "نوری"),
        ),
        4,
    ),
    Origin(
        "IQ", ("ar", "ku"), "ar",
        (("Noor", "نور"), ("Zainab", "زينب"), ("Huda", "هدى")),
        (("Ali", "علي"), ("Hussein", "حسين"), ("Karim", "كريم")),
        (
            ("Al-Jaburi", "الجبوري", "Al-Jaburi", "الجبوري"),
            ("Hamid", "حميد", "Hamid", "حميد"),
            ("Saleh", "صالح", "Saleh", "صالح"),
        ),
        3,
    ),
    Origin(
        "PL", ("pl",), "",
        (("Agnieszka", ""), ("Katarzyna", ""), ("Magdalena", "")),
        (("Piotr", ""), ("Tomasz", ""), ("Krzysztof", "")),
        (
            ("Kowalski", "", "Kowalska", ""),
            ("Wiśniewski", "", "Wiśniewska", ""),
            ("Nowak", "", "Nowak", ""),
        ),
        2,
    ),
)  # fmt: skip
