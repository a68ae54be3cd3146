"""Static material for the synthetic-data generator ("demo vault").

Everything here is fictitious-by-combination: the name lists hold common, real-world
names, but the generator combines them at random, so no record describes a real person.
No Qt, no I/O — plain data plus a few tiny helpers.

Shapes
------
``NATIONALITY_PROFILES`` is a tuple of dicts (see :class:`NationalityProfile`):

* ``code``: ISO 3166-1 alpha-2 (``XK`` is the user-assigned code for Kosovo that the EU
  and German authorities use);
* ``weight``: relative frequency among non-German residents of Ludwigshafen
  (rounded approximations, ordered TR > BG > RO > SY > IT > UA > PL > GR > IQ > AF > XK;
  not official statistics);
* ``languages``: ISO 639-1 codes, most likely first;
* ``script_share``: fraction of clients whose name is also recorded in the original
  (non-Latin) script; 0.0 for Latin-script countries;
* ``family_names``, ``female_given``, ``male_given``: names in the original script, and
  ``*_latin`` lists of the same length and order holding the romanised form used in
  German documents (i.e. the passport spelling: ICAO/national transliteration).
  For Latin-script countries the ``*_latin`` lists are the originals.
* Optional ``family_names_female`` / ``family_names_female_latin`` (BG, GR, PL): the
  feminine form of each family name, index-aligned with ``family_names`` (e.g.
  ``Иванов`` → ``Иванова``, ``Kowalski`` → ``Kowalska``). Use :func:`family_name`
  to pick the right one.

All name lists are tuples of ``str`` (immutable, so a generator cannot shuffle them in
place by accident). Strings are NFC; the only format character used is ZERO WIDTH
NON-JOINER (U+200C) inside Dari compound names such as ``علی‌رضا``.
"""
from __future__ import annotations

from typing import Final, NotRequired, TypedDict

__all__ = [
    "CITY",
    "GERMAN_COUNSELLOR_NAMES",
    "LUDWIGSHAFEN_POSTAL_CODES",
    "LUDWIGSHAFEN_STREETS",
    "NATIONALITY_CODES",
    "NATIONALITY_PROFILES",
    "NOTE_SNIPPETS",
    "NationalityProfile",
    "family_name",
    "profile_by_code",
    "romanised",
]

ZWNJ: Final = "\u200c"


class NationalityProfile(TypedDict):
    code: str
    weight: int
    languages: tuple[str, ...]
    script_share: float
    family_names: tuple[str, ...]
    family_names_latin: tuple[str, ...]
    female_given: tuple[str, ...]
    female_given_latin: tuple[str, ...]
    male_given: tuple[str, ...]
    male_given_latin: tuple[str, ...]
    family_names_female: NotRequired[tuple[str, ...]]
    family_names_female_latin: NotRequired[tuple[str, ...]]


# ---------------------------------------------------------------------------------------
# Builders: names are written as (original, latin) pairs so the two lists cannot drift
# out of alignment; Latin-script countries give plain tuples.
# ---------------------------------------------------------------------------------------

def _split(pairs: tuple[tuple[str, str], ...]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    return tuple(p[0] for p in pairs), tuple(p[1] for p in pairs)


def _script_profile(
    code: str,
    weight: int,
    languages: tuple[str, ...],
    script_share: float,
    family: tuple[tuple[str, str], ...],
    female: tuple[tuple[str, str], ...],
    male: tuple[tuple[str, str], ...],
    family_female: tuple[tuple[str, str], ...] | None = None,
) -> NationalityProfile:
    fam, fam_l = _split(family)
    fem, fem_l = _split(female)
    mal, mal_l = _split(male)
    profile = NationalityProfile(
        code=code,
        weight=weight,
        languages=languages,
        script_share=script_share,
        family_names=fam,
        family_names_latin=fam_l,
        female_given=fem,
        female_given_latin=fem_l,
        male_given=mal,
        male_given_latin=mal_l,
    )
    if family_female is not None:
        ff, ff_l = _split(family_female)
        profile["family_names_female"] = ff
        profile["family_names_female_latin"] = ff_l
    return profile


def _latin_profile(
    code: str,
    weight: int,
    languages: tuple[str, ...],
    family: tuple[str, ...],
    female: tuple[str, ...],
    male: tuple[str, ...],
    family_female: tuple[str, ...] | None = None,
) -> NationalityProfile:
    profile = NationalityProfile(
        code=code,
        weight=weight,
        languages=languages,
        script_share=0.0,
        family_names=family,
        family_names_latin=family,
        female_given=female,
        female_given_latin=female,
        male_given=male,
        male_given_latin=male,
    )
    if family_female is not None:
        profile["family_names_female"] = family_female
        profile["family_names_female_latin"] = family_female
    return profile


# --- Türkei ------------------------------------------------------------------------------

_TR = _latin_profile(
    "TR", 7000, ("tr", "ku"),
    family=(
        "Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Yıldız", "Yıldırım", "Öztürk",
        "Aydın", "Özdemir", "Arslan", "Doğan", "Kılıç", "Aslan", "Çetin", "Kara", "Koç",
        "Kurt", "Özkan", "Şimşek", "Polat", "Korkmaz", "Karataş", "Güneş", "Acar",
        "Bulut", "Aktaş", "Tekin", "Yavuz", "Avcı",
    ),
    female=(
        "Ayşe", "Fatma", "Emine", "Hatice", "Zeynep", "Elif", "Merve", "Büşra", "Esra",
        "Özlem", "Sevgi", "Hülya", "Derya", "Dilek", "Songül", "Yasemin", "Melek",
        "Sibel", "Ebru", "Gülşen", "Şükran", "Çiğdem", "Ceren", "İrem", "Ecem", "Kübra",
        "Gülsüm", "Nur", "Ayşe Nur",
    ),
    male=(
        "Mehmet", "Mustafa", "Ahmet", "Ali", "Hüseyin", "Hasan", "İbrahim", "İsmail",
        "Osman", "Yusuf", "Murat", "Ömer", "Ramazan", "Halil", "Süleyman", "Abdullah",
        "Mahmut", "Emre", "Burak", "Kemal", "Serkan", "Onur", "Barış", "Fatih", "Oğuz",
        "Gökhan", "Tolga", "Muhammed", "Mehmet Ali",
    ),
)

# --- Bulgarien (Kyrillisch; Umschrift nach dem bulgarischen Transliterationsgesetz,
#     wie im Pass: ъ→a, ж→zh, ц→ts, щ→sht, й→y, ю→yu, я→ya, "-ия" am Wortende→"-ia") ----

_BG_FAMILY_FORMS = (
    # (male, female, male latin, female latin)
    ("Иванов", "Иванова", "Ivanov", "Ivanova"),
    ("Георгиев", "Георгиева", "Georgiev", "Georgieva"),
    ("Димитров", "Димитрова", "Dimitrov", "Dimitrova"),
    ("Петров", "Петрова", "Petrov", "Petrova"),
    ("Николов", "Николова", "Nikolov", "Nikolova"),
    ("Христов", "Христова", "Hristov", "Hristova"),
    ("Стоянов", "Стоянова", "Stoyanov", "Stoyanova"),
    ("Тодоров", "Тодорова", "Todorov", "Todorova"),
    ("Илиев", "Илиева", "Iliev", "Ilieva"),
    ("Василев", "Василева", "Vasilev", "Vasileva"),
    ("Атанасов", "Атанасова", "Atanasov", "Atanasova"),
    ("Петков", "Петкова", "Petkov", "Petkova"),
    ("Ангелов", "Ангелова", "Angelov", "Angelova"),
    ("Колев", "Колева", "Kolev", "Koleva"),
    ("Йорданов", "Йорданова", "Yordanov", "Yordanova"),
    ("Маринов", "Маринова", "Marinov", "Marinova"),
    ("Стефанов", "Стефанова", "Stefanov", "Stefanova"),
    ("Попов", "Попова", "Popov", "Popova"),
    ("Михайлов", "Михайлова", "Mihaylov", "Mihaylova"),
    ("Костов", "Костова", "Kostov", "Kostova"),
    ("Крумов", "Крумова", "Krumov", "Krumova"),
    ("Симеонов", "Симеонова", "Simeonov", "Simeonova"),
    ("Павлов", "Павлова", "Pavlov", "Pavlova"),
    ("Асенов", "Асенова", "Asenov", "Asenova"),
    ("Кирилов", "Кирилова", "Kirilov", "Kirilova"),
    ("Ахмедов", "Ахмедова", "Ahmedov", "Ahmedova"),
    ("Мустафов", "Мустафова", "Mustafov", "Mustafova"),
    ("Юсеинов", "Юсеинова", "Yuseinov", "Yuseinova"),
    ("Алиев", "Алиева", "Aliev", "Alieva"),
    ("Хасанов", "Хасанова", "Hasanov", "Hasanova"),
)

_BG = _script_profile(
    "BG", 5200, ("bg", "tr"), 0.5,
    family=tuple((m, ml) for m, _f, ml, _fl in _BG_FAMILY_FORMS),
    family_female=tuple((f, fl) for _m, f, _ml, fl in _BG_FAMILY_FORMS),
    female=(
        ("Мария", "Maria"), ("Иванка", "Ivanka"), ("Елена", "Elena"),
        ("Йорданка", "Yordanka"), ("Пенка", "Penka"), ("Десислава", "Desislava"),
        ("Гергана", "Gergana"), ("Цветелина", "Tsvetelina"), ("Даниела", "Daniela"),
        ("Силвия", "Silvia"), ("Николина", "Nikolina"), ("Радка", "Radka"),
        ("Петя", "Petya"), ("Снежана", "Snezhana"), ("Виктория", "Viktoria"),
        ("Ралица", "Ralitsa"), ("Галина", "Galina"), ("Стефка", "Stefka"),
        ("Теодора", "Teodora"), ("Милена", "Milena"), ("Катерина", "Katerina"),
        ("Веселина", "Veselina"), ("Зорница", "Zornitsa"), ("Айше", "Ayshe"),
        ("Фатме", "Fatme"), ("Емине", "Emine"), ("Хатидже", "Hatidzhe"),
        ("Севгюл", "Sevgyul"), ("Анна-Мария", "Anna-Maria"),
    ),
    male=(
        ("Георги", "Georgi"), ("Иван", "Ivan"), ("Димитър", "Dimitar"),
        ("Николай", "Nikolay"), ("Петър", "Petar"), ("Христо", "Hristo"),
        ("Стоян", "Stoyan"), ("Тодор", "Todor"), ("Васил", "Vasil"),
        ("Атанас", "Atanas"), ("Александър", "Aleksandar"), ("Красимир", "Krasimir"),
        ("Пламен", "Plamen"), ("Валентин", "Valentin"), ("Любомир", "Lyubomir"),
        ("Цветан", "Tsvetan"), ("Борислав", "Borislav"), ("Мартин", "Martin"),
        ("Калоян", "Kaloyan"), ("Светослав", "Svetoslav"), ("Емил", "Emil"),
        ("Йордан", "Yordan"), ("Ахмед", "Ahmed"), ("Мехмед", "Mehmed"),
        ("Мустафа", "Mustafa"), ("Юсеин", "Yusein"), ("Хюсеин", "Hyusein"),
        ("Али", "Ali"), ("Исмаил", "Ismail"),
    ),
)

# --- Rumänien ----------------------------------------------------------------------------

_RO = _latin_profile(
    "RO", 4800, ("ro",),
    family=(
        "Popescu", "Ionescu", "Popa", "Pop", "Dumitrescu", "Stoica", "Stan", "Ciobanu",
        "Rusu", "Munteanu", "Lazăr", "Dinu", "Ungureanu", "Florea", "Oprea", "Sandu",
        "Moldovan", "Bălan", "Nistor", "Neagu", "Preda", "Țurcanu", "Dobre", "Nedelcu",
        "Vasilescu", "Stănescu", "Cristea", "Șerban", "Barbu", "Mocanu",
    ),
    female=(
        "Maria", "Elena", "Ioana", "Andreea", "Mihaela", "Ana", "Gabriela", "Cristina",
        "Alina", "Daniela", "Florentina", "Nicoleta", "Georgiana", "Roxana", "Ramona",
        "Simona", "Loredana", "Adriana", "Larisa", "Bianca", "Alexandra", "Diana",
        "Cătălina", "Mădălina", "Ionela", "Ștefania", "Oana", "Irina", "Ana-Maria",
    ),
    male=(
        "Ion", "Gheorghe", "Vasile", "Constantin", "Nicolae", "Mihai", "Alexandru",
        "Andrei", "Ionuț", "Florin", "Marian", "Cristian", "Daniel", "Adrian", "Gabriel",
        "Ștefan", "Radu", "Cosmin", "Bogdan", "Marius", "Sorin", "Petru", "Costel",
        "Cătălin", "Răzvan", "Dănuț", "Dumitru", "Ciprian", "Valentin", "Lucian",
    ),
)

# --- Syrien (Arabisch; Kurdisch) -----------------------------------------------------------

_SY = _script_profile(
    "SY", 3600, ("ar", "ku"), 0.5,
    family=(
        ("الأحمد", "Al-Ahmad"), ("الحسن", "Al-Hassan"), ("الخطيب", "Al-Khatib"),
        ("الحلبي", "Al-Halabi"), ("الشامي", "Al-Shami"), ("العلي", "Al-Ali"),
        ("الحسين", "Al-Hussein"), ("حداد", "Haddad"), ("خليل", "Khalil"),
        ("إبراهيم", "Ibrahim"), ("حسن", "Hassan"), ("عثمان", "Othman"),
        ("مصطفى", "Mustafa"), ("سليمان", "Suleiman"), ("يوسف", "Youssef"),
        ("عبد الله", "Abdullah"), ("عيسى", "Issa"), ("نجار", "Najjar"),
        ("درويش", "Darwish"), ("قاسم", "Kassem"), ("حمود", "Hammoud"),
        ("الزعبي", "Al-Zoubi"), ("الرفاعي", "Al-Rifai"), ("شيخو", "Sheikho"),
        ("حسو", "Hasso"), ("الحمصي", "Al-Homsi"), ("الجاسم", "Al-Jasem"),
        ("عبد الرزاق", "Abdul Razzak"), ("بكور", "Bakour"),
    ),
    female=(
        ("فاطمة", "Fatima"), ("مريم", "Mariam"), ("نور", "Nour"), ("هبة", "Heba"),
        ("رنا", "Rana"), ("ريم", "Reem"), ("لينا", "Lina"), ("سارة", "Sara"),
        ("آية", "Aya"), ("أمل", "Amal"), ("هدى", "Huda"), ("رشا", "Rasha"),
        ("سلمى", "Salma"), ("زينب", "Zainab"), ("خديجة", "Khadija"),
        ("عائشة", "Aisha"), ("ياسمين", "Yasmin"), ("دعاء", "Doaa"), ("رغد", "Raghad"),
        ("بتول", "Batoul"), ("حنان", "Hanan"), ("سعاد", "Souad"),
        ("نسرين", "Nesrin"), ("روجين", "Rojin"), ("شيرين", "Shirin"),
        ("ليلى", "Laila"), ("منى", "Mona"), ("ولاء", "Walaa"), ("غنى", "Ghina"),
        ("نور الهدى", "Nour Al-Huda"),
    ),
    male=(
        ("محمد", "Mohammed"), ("أحمد", "Ahmad"), ("محمود", "Mahmoud"),
        ("خالد", "Khaled"), ("عمر", "Omar"), ("علي", "Ali"), ("حسين", "Hussein"),
        ("يوسف", "Youssef"), ("إبراهيم", "Ibrahim"), ("عبد الرحمن", "Abdul Rahman"),
        ("عبد الله", "Abdullah"), ("مصطفى", "Mustafa"), ("أنس", "Anas"),
        ("ياسر", "Yasser"), ("سامر", "Samer"), ("فادي", "Fadi"), ("رامي", "Rami"),
        ("طارق", "Tarek"), ("وليد", "Walid"), ("عمار", "Ammar"), ("حمزة", "Hamza"),
        ("بلال", "Bilal"), ("زكريا", "Zakaria"), ("مازن", "Mazen"), ("نزار", "Nizar"),
        ("هيثم", "Haitham"), ("شيار", "Shiyar"), ("آزاد", "Azad"),
        ("عبد الكريم", "Abdul Karim"),
    ),
)

# --- Italien -----------------------------------------------------------------------------

_IT = _latin_profile(
    "IT", 3300, ("it",),
    family=(
        "Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano", "Colombo", "Ricci",
        "Marino", "Greco", "Bruno", "Gallo", "Conti", "De Luca", "Costa", "Giordano",
        "Mancini", "Rizzo", "Lombardi", "Moretti", "Barbieri", "Fontana", "Santoro",
        "Mariani", "Rinaldi", "Caruso", "D'Angelo", "Ferrara", "Galli", "Martini",
        "Leone", "Longo", "Gentile", "Di Stefano",
    ),
    female=(
        "Maria", "Giuseppina", "Anna", "Rosa", "Angela", "Giovanna", "Teresa", "Lucia",
        "Carmela", "Francesca", "Rita", "Antonella", "Concetta", "Paola", "Giulia",
        "Chiara", "Sara", "Martina", "Valentina", "Alessia", "Federica", "Elena",
        "Silvia", "Laura", "Simona", "Roberta", "Anna Maria", "Maria Grazia",
    ),
    male=(
        "Giuseppe", "Antonio", "Giovanni", "Mario", "Francesco", "Luigi", "Salvatore",
        "Vincenzo", "Pietro", "Angelo", "Domenico", "Michele", "Carmine", "Marco",
        "Andrea", "Luca", "Alessandro", "Matteo", "Lorenzo", "Davide", "Stefano",
        "Roberto", "Paolo", "Fabio", "Gianluca", "Nicola", "Raffaele", "Nicolò",
    ),
)

# --- Ukraine (Kyrillisch; Umschrift nach der ukrainischen Passnorm von 2010:
#     г→h, и→y, і→i, й→i, ю→iu, я→ia, є→ie; am Wortanfang й→y, ю→yu, я→ya, є→ye) ------

_UA = _script_profile(
    "UA", 3000, ("uk", "ru"), 0.5,
    family=(
        ("Шевченко", "Shevchenko"), ("Бондаренко", "Bondarenko"),
        ("Коваленко", "Kovalenko"), ("Ткаченко", "Tkachenko"),
        ("Кравченко", "Kravchenko"), ("Олійник", "Oliinyk"), ("Шевчук", "Shevchuk"),
        ("Коваль", "Koval"), ("Поліщук", "Polishchuk"), ("Бойко", "Boiko"),
        ("Ткачук", "Tkachuk"), ("Савченко", "Savchenko"), ("Руденко", "Rudenko"),
        ("Марченко", "Marchenko"), ("Мельник", "Melnyk"), ("Лисенко", "Lysenko"),
        ("Петренко", "Petrenko"), ("Клименко", "Klymenko"), ("Мороз", "Moroz"),
        ("Павленко", "Pavlenko"), ("Кузьменко", "Kuzmenko"), ("Левченко", "Levchenko"),
        ("Гончаренко", "Honcharenko"), ("Романенко", "Romanenko"),
        ("Савчук", "Savchuk"), ("Ковальчук", "Kovalchuk"),
        ("Литвиненко", "Lytvynenko"), ("Гнатюк", "Hnatiuk"), ("Іваненко", "Ivanenko"),
        ("Захарченко", "Zakharchenko"),
    ),
    female=(
        ("Олена", "Olena"), ("Наталія", "Nataliia"), ("Тетяна", "Tetiana"),
        ("Ірина", "Iryna"), ("Оксана", "Oksana"), ("Світлана", "Svitlana"),
        ("Юлія", "Yuliia"), ("Марія", "Mariia"), ("Катерина", "Kateryna"),
        ("Анна", "Anna"), ("Вікторія", "Viktoriia"), ("Людмила", "Liudmyla"),
        ("Галина", "Halyna"), ("Надія", "Nadiia"), ("Ольга", "Olha"),
        ("Валентина", "Valentyna"), ("Ганна", "Hanna"), ("Лариса", "Larysa"),
        ("Анастасія", "Anastasiia"), ("Дарина", "Daryna"), ("Софія", "Sofiia"),
        ("Аліна", "Alina"), ("Христина", "Khrystyna"), ("Вероніка", "Veronika"),
        ("Любов", "Liubov"), ("Іванна", "Ivanna"), ("Мирослава", "Myroslava"),
        ("Олександра", "Oleksandra"), ("Анна-Марія", "Anna-Mariia"),
    ),
    male=(
        ("Олександр", "Oleksandr"), ("Сергій", "Serhii"), ("Андрій", "Andrii"),
        ("Володимир", "Volodymyr"), ("Олег", "Oleh"), ("Дмитро", "Dmytro"),
        ("Іван", "Ivan"), ("Юрій", "Yurii"), ("Микола", "Mykola"), ("Василь", "Vasyl"),
        ("Віктор", "Viktor"), ("Петро", "Petro"), ("Максим", "Maksym"),
        ("Богдан", "Bohdan"), ("Тарас", "Taras"), ("Ігор", "Ihor"),
        ("Михайло", "Mykhailo"), ("Роман", "Roman"), ("Артем", "Artem"),
        ("Денис", "Denys"), ("Віталій", "Vitalii"), ("Євген", "Yevhen"),
        ("Вадим", "Vadym"), ("Павло", "Pavlo"), ("Ярослав", "Yaroslav"),
        ("Остап", "Ostap"), ("Назар", "Nazar"), ("Степан", "Stepan"),
    ),
)

# --- Polen -------------------------------------------------------------------------------

_PL_FAMILY_FORMS = (
    # (male, female)
    ("Nowak", "Nowak"), ("Kowalski", "Kowalska"), ("Wiśniewski", "Wiśniewska"),
    ("Wójcik", "Wójcik"), ("Kowalczyk", "Kowalczyk"), ("Kamiński", "Kamińska"),
    ("Lewandowski", "Lewandowska"), ("Zieliński", "Zielińska"),
    ("Szymański", "Szymańska"), ("Woźniak", "Woźniak"), ("Dąbrowski", "Dąbrowska"),
    ("Kozłowski", "Kozłowska"), ("Jankowski", "Jankowska"), ("Mazur", "Mazur"),
    ("Kwiatkowski", "Kwiatkowska"), ("Krawczyk", "Krawczyk"),
    ("Piotrowski", "Piotrowska"), ("Grabowski", "Grabowska"),
    ("Nowakowski", "Nowakowska"), ("Pawłowski", "Pawłowska"),
    ("Michalski", "Michalska"), ("Wróbel", "Wróbel"), ("Jabłoński", "Jabłońska"),
    ("Król", "Król"), ("Zając", "Zając"), ("Wieczorek", "Wieczorek"),
    ("Majewski", "Majewska"), ("Olszewski", "Olszewska"), ("Stępień", "Stępień"),
    ("Dudek", "Dudek"), ("Górski", "Górska"), ("Różański", "Różańska"),
)

_PL = _latin_profile(
    "PL", 2600, ("pl",),
    family=tuple(m for m, _f in _PL_FAMILY_FORMS),
    family_female=tuple(f for _m, f in _PL_FAMILY_FORMS),
    female=(
        "Anna", "Maria", "Katarzyna", "Małgorzata", "Agnieszka", "Barbara", "Ewa",
        "Krystyna", "Elżbieta", "Zofia", "Joanna", "Magdalena", "Monika", "Beata",
        "Dorota", "Aleksandra", "Natalia", "Justyna", "Karolina", "Paulina", "Agata",
        "Marta", "Renata", "Jadwiga", "Urszula", "Grażyna", "Halina", "Iwona", "Bożena",
    ),
    male=(
        "Piotr", "Krzysztof", "Andrzej", "Tomasz", "Paweł", "Marcin", "Michał",
        "Grzegorz", "Jan", "Józef", "Marek", "Adam", "Łukasz", "Zbigniew", "Jerzy",
        "Tadeusz", "Mateusz", "Dariusz", "Mariusz", "Wojciech", "Ryszard", "Kamil",
        "Maciej", "Kazimierz", "Jakub", "Sławomir", "Bartłomiej", "Przemysław", "Jacek",
        "Zdzisław",
    ),
)

# --- Griechenland (Umschrift nach ELOT 743, wie im griechischen Pass) ------------------------

_GR_FAMILY_FORMS = (
    # (male, female, male latin, female latin)
    ("Παπαδόπουλος", "Παπαδοπούλου", "Papadopoulos", "Papadopoulou"),
    ("Παπαδάκης", "Παπαδάκη", "Papadakis", "Papadaki"),
    ("Γεωργίου", "Γεωργίου", "Georgiou", "Georgiou"),
    ("Οικονόμου", "Οικονόμου", "Oikonomou", "Oikonomou"),
    ("Νικολάου", "Νικολάου", "Nikolaou", "Nikolaou"),
    ("Παπανικολάου", "Παπανικολάου", "Papanikolaou", "Papanikolaou"),
    ("Ιωάννου", "Ιωάννου", "Ioannou", "Ioannou"),
    ("Βασιλείου", "Βασιλείου", "Vasileiou", "Vasileiou"),
    ("Κωνσταντίνου", "Κωνσταντίνου", "Konstantinou", "Konstantinou"),
    ("Δημητρίου", "Δημητρίου", "Dimitriou", "Dimitriou"),
    ("Μακρής", "Μακρή", "Makris", "Makri"),
    ("Παπαγεωργίου", "Παπαγεωργίου", "Papageorgiou", "Papageorgiou"),
    ("Αντωνίου", "Αντωνίου", "Antoniou", "Antoniou"),
    ("Αθανασίου", "Αθανασίου", "Athanasiou", "Athanasiou"),
    ("Χριστοδούλου", "Χριστοδούλου", "Christodoulou", "Christodoulou"),
    ("Ευαγγέλου", "Ευαγγέλου", "Evangelou", "Evangelou"),
    ("Καραγιάννης", "Καραγιάννη", "Karagiannis", "Karagianni"),
    ("Αλεξίου", "Αλεξίου", "Alexiou", "Alexiou"),
    ("Πετρόπουλος", "Πετροπούλου", "Petropoulos", "Petropoulou"),
    ("Γεωργιάδης", "Γεωργιάδου", "Georgiadis", "Georgiadou"),
    ("Μιχαηλίδης", "Μιχαηλίδου", "Michailidis", "Michailidou"),
    ("Ζαχαρίου", "Ζαχαρίου", "Zachariou", "Zachariou"),
    ("Σταματόπουλος", "Σταματοπούλου", "Stamatopoulos", "Stamatopoulou"),
    ("Κωστόπουλος", "Κωστοπούλου", "Kostopoulos", "Kostopoulou"),
    ("Παππάς", "Παππά", "Pappas", "Pappa"),
    ("Αναστασίου", "Αναστασίου", "Anastasiou", "Anastasiou"),
    ("Θεοδωρίδης", "Θεοδωρίδου", "Theodoridis", "Theodoridou"),
    ("Μαυρίδης", "Μαυρίδου", "Mavridis", "Mavridou"),
    ("Λαμπρόπουλος", "Λαμπροπούλου", "Lampropoulos", "Lampropoulou"),
)

_GR = _script_profile(
    "GR", 1900, ("el",), 0.4,
    family=tuple((m, ml) for m, _f, ml, _fl in _GR_FAMILY_FORMS),
    family_female=tuple((f, fl) for _m, f, _ml, fl in _GR_FAMILY_FORMS),
    female=(
        ("Μαρία", "Maria"), ("Ελένη", "Eleni"), ("Αικατερίνη", "Aikaterini"),
        ("Βασιλική", "Vasiliki"), ("Σοφία", "Sofia"), ("Αγγελική", "Angeliki"),
        ("Γεωργία", "Georgia"), ("Δήμητρα", "Dimitra"), ("Ευαγγελία", "Evangelia"),
        ("Ιωάννα", "Ioanna"), ("Χριστίνα", "Christina"), ("Παναγιώτα", "Panagiota"),
        ("Ειρήνη", "Eirini"), ("Αναστασία", "Anastasia"),
        ("Κωνσταντίνα", "Konstantina"), ("Δέσποινα", "Despoina"), ("Αθηνά", "Athina"),
        ("Σταυρούλα", "Stavroula"), ("Παρασκευή", "Paraskevi"),
        ("Θεοδώρα", "Theodora"), ("Αλεξάνδρα", "Alexandra"), ("Νικολέτα", "Nikoleta"),
        ("Φωτεινή", "Foteini"), ("Χρυσούλα", "Chrysoula"), ("Ευτυχία", "Eftychia"),
        ("Κυριακή", "Kyriaki"), ("Άννα-Μαρία", "Anna-Maria"),
    ),
    male=(
        ("Γεώργιος", "Georgios"), ("Ιωάννης", "Ioannis"),
        ("Κωνσταντίνος", "Konstantinos"), ("Δημήτριος", "Dimitrios"),
        ("Νικόλαος", "Nikolaos"), ("Παναγιώτης", "Panagiotis"),
        ("Βασίλειος", "Vasileios"), ("Χρήστος", "Christos"),
        ("Αθανάσιος", "Athanasios"), ("Μιχαήλ", "Michail"),
        ("Ευάγγελος", "Evangelos"), ("Σπυρίδων", "Spyridon"),
        ("Αντώνιος", "Antonios"), ("Αναστάσιος", "Anastasios"),
        ("Θεόδωρος", "Theodoros"), ("Ηλίας", "Ilias"), ("Παύλος", "Pavlos"),
        ("Στέφανος", "Stefanos"), ("Αλέξανδρος", "Alexandros"),
        ("Εμμανουήλ", "Emmanouil"), ("Σταύρος", "Stavros"), ("Πέτρος", "Petros"),
        ("Άγγελος", "Angelos"), ("Απόστολος", "Apostolos"),
        ("Χαράλαμπος", "Charalampos"), ("Λεωνίδας", "Leonidas"), ("Θωμάς", "Thomas"),
    ),
)

# --- Irak (Arabisch; Kurdisch-Sorani in arabischer Schrift) -------------------------------

_IQ = _script_profile(
    "IQ", 1500, ("ar", "ku"), 0.5,
    family=(
        ("الجبوري", "Al-Jubouri"), ("الدليمي", "Al-Dulaimi"), ("العبيدي", "Al-Obaidi"),
        ("التميمي", "Al-Tamimi"), ("الشمري", "Al-Shammari"), ("الزبيدي", "Al-Zubaidi"),
        ("الكعبي", "Al-Kaabi"), ("الربيعي", "Al-Rubaie"), ("الخفاجي", "Al-Khafaji"),
        ("الساعدي", "Al-Saadi"), ("الموسوي", "Al-Mousawi"),
        ("الحسيني", "Al-Husseini"), ("البياتي", "Al-Bayati"), ("العزاوي", "Al-Azzawi"),
        ("الجنابي", "Al-Janabi"), ("السامرائي", "Al-Samarrai"), ("حسين", "Hussein"),
        ("عباس", "Abbas"), ("جاسم", "Jassim"), ("كاظم", "Kadhim"), ("مهدي", "Mahdi"),
        ("صالح", "Saleh"), ("رشيد", "Rashid"), ("حمد", "Hamad"), ("خضر", "Khidir"),
        ("طه", "Taha"), ("أبو بكر", "Abu Bakr"), ("عبد الواحد", "Abdul Wahid"),
        ("إلياس", "Elias"),
    ),
    female=(
        ("زهراء", "Zahraa"), ("فاطمة", "Fatima"), ("زينب", "Zainab"),
        ("مريم", "Maryam"), ("نور", "Noor"), ("رقية", "Ruqaya"), ("سارة", "Sarah"),
        ("هدى", "Huda"), ("شيماء", "Shaimaa"), ("إسراء", "Israa"), ("بان", "Ban"),
        ("سرى", "Sura"), ("غدير", "Ghadeer"), ("دعاء", "Duaa"), ("رسل", "Rusul"),
        ("تبارك", "Tabarak"), ("أسماء", "Asmaa"), ("نادية", "Nadia"), ("سهى", "Suha"),
        ("وفاء", "Wafaa"), ("ليلى", "Layla"), ("كوثر", "Kawthar"), ("هيفاء", "Haifa"),
        ("شیلان", "Shilan"), ("نازدار", "Nazdar"),
        ("فاطمة الزهراء", "Fatima Al-Zahraa"), ("آمنة", "Amna"), ("حوراء", "Hawraa"),
    ),
    male=(
        ("محمد", "Mohamed"), ("علي", "Ali"), ("حسين", "Hussein"), ("حسن", "Hassan"),
        ("أحمد", "Ahmed"), ("مصطفى", "Mustafa"), ("حيدر", "Haider"),
        ("مرتضى", "Murtadha"), ("منتظر", "Muntadhar"), ("سجاد", "Sajjad"),
        ("كرار", "Karrar"), ("عمار", "Ammar"), ("ياسين", "Yassin"), ("زيد", "Zaid"),
        ("عمر", "Omar"), ("إبراهيم", "Ibrahim"), ("جعفر", "Jaafar"), ("قاسم", "Qasim"),
        ("يونس", "Younis"), ("أيوب", "Ayoub"), ("عبد الله", "Abdullah"),
        ("عبد الرحمن", "Abdulrahman"), ("محمد باقر", "Mohamed Baqir"),
        ("ئارام", "Aram"), ("هێمن", "Hemin"), ("ڕێبوار", "Rebwar"),
        ("کاروان", "Karwan"),
    ),
)

# --- Afghanistan (Dari in persisch-arabischer Schrift, mit ZWNJ in Komposita; Paschto) ----

_AF = _script_profile(
    "AF", 1200, ("fa", "ps"), 0.5,
    family=(
        ("احمدی", "Ahmadi"), ("محمدی", "Mohammadi"), ("حیدری", "Haidari"),
        ("رحیمی", "Rahimi"), ("حسینی", "Hosseini"), ("کریمی", "Karimi"),
        ("نوری", "Noori"), ("عزیزی", "Azizi"), ("رسولی", "Rasuli"),
        ("صدیقی", "Sediqi"), ("هاشمی", "Hashimi"), ("قادری", "Qaderi"),
        ("نظری", "Nazari"), ("امیری", "Amiri"), ("جعفری", "Jafari"),
        ("یوسفی", "Yousufi"), ("سلطانی", "Sultani"), ("رضایی", "Rezaie"),
        ("نیازی", "Niazi"), ("صافی", "Safi"), ("وردک", "Wardak"),
        ("پوپلزی", "Popalzai"), ("محمدزی", "Mohammadzai"), ("نورزی", "Noorzai"),
        ("سادات", "Sadat"), ("ستانکزی", "Stanekzai"), ("غوری", "Ghori"),
        ("کوهستانی", "Kohistani"), ("بلخی", "Balkhi"),
    ),
    female=(
        ("فاطمه", "Fatima"), ("مریم", "Maryam"), ("زهرا", "Zahra"),
        ("زینب", "Zainab"), ("شکیلا", "Shakila"), ("فریبا", "Fariba"),
        ("نرگس", "Nargis"), ("لیلا", "Laila"), ("پروانه", "Parwana"),
        ("فرشته", "Fereshta"), ("ملالی", "Malalai"), ("شبنم", "Shabnam"),
        ("نازنین", "Nazanin"), ("مژگان", "Mozhgan"), ("زرغونه", "Zarghuna"),
        ("ستاره", "Setara"), ("هما", "Homa"), ("مینا", "Mina"), ("سحر", "Sahar"),
        ("رحیمه", "Rahima"), (f"ماه{ZWNJ}گل", "Mahgul"), ("حمیده", "Hamida"),
        ("صدیقه", "Sediqa"), ("نسرین", "Nasrin"), ("مرسل", "Mursal"),
        ("طاهره", "Tahera"), ("آرزو", "Arzu"), ("ویدا", "Wida"),
    ),
    male=(
        ("محمد", "Muhammad"), ("احمد", "Ahmad"), ("علی", "Ali"),
        (f"علی{ZWNJ}رضا", "Alireza"), ("عبدالله", "Abdullah"),
        ("عبدالرحیم", "Abdul Rahim"), (f"حبیب{ZWNJ}الله", "Habibullah"),
        (f"ذبیح{ZWNJ}الله", "Zabihullah"), (f"رحمت{ZWNJ}الله", "Rahmatullah"),
        ("شریف", "Sharif"), ("جاوید", "Jawid"), ("فرید", "Farid"),
        ("مصطفی", "Mustafa"), ("مرتضی", "Murtaza"), ("حسین", "Hussain"),
        ("حسن", "Hassan"), ("رحیم", "Rahim"), ("کریم", "Karim"),
        ("نور محمد", "Noor Muhammad"), ("اکبر", "Akbar"), ("بصیر", "Basir"),
        ("قدیر", "Qadir"), ("ولی", "Wali"), ("امید", "Omid"), ("نوید", "Nawid"),
        ("شفیق", "Shafiq"), ("همایون", "Humayun"), ("اجمل", "Ajmal"),
        ("خالد", "Khalid"),
    ),
)

# --- Kosovo ------------------------------------------------------------------------------

_XK = _latin_profile(
    "XK", 1000, ("sq", "sr"),
    family=(
        "Krasniqi", "Gashi", "Berisha", "Morina", "Shala", "Hoxha", "Kastrati",
        "Bytyqi", "Rexhepi", "Hyseni", "Ahmeti", "Bajrami", "Zeqiri", "Hasani",
        "Kryeziu", "Musliu", "Shehu", "Salihu", "Sylejmani", "Halimi", "Haziri",
        "Gjoka", "Bekteshi", "Kelmendi", "Avdiu", "Ismaili", "Selimi", "Mehmeti",
        "Gërguri", "Çollaku",
    ),
    female=(
        "Fatime", "Shqipe", "Arbnore", "Blerta", "Drita", "Mimoza", "Vjollca",
        "Lirije", "Teuta", "Valbona", "Besarta", "Albulena", "Donika", "Edona",
        "Fjolla", "Arta", "Diellza", "Elira", "Hana", "Kaltrina", "Leonora", "Merita",
        "Nora", "Rina", "Zana", "Qëndresa", "Shpresa", "Ardita", "Lumnije",
    ),
    male=(
        "Arben", "Besnik", "Burim", "Driton", "Fatmir", "Agron", "Valon", "Ilir",
        "Arton", "Blerim", "Bekim", "Fitim", "Gëzim", "Liridon", "Labinot", "Shkëlzen",
        "Artan", "Florent", "Visar", "Mentor", "Kushtrim", "Leutrim", "Alban", "Bujar",
        "Agim", "Xhevdet", "Ramadan", "Muhamet", "Përparim", "Çlirim",
    ),
)

NATIONALITY_PROFILES: Final[tuple[NationalityProfile, ...]] = (
    _TR, _BG, _RO, _SY, _IT, _UA, _PL, _GR, _IQ, _AF, _XK,
)

NATIONALITY_CODES: Final[tuple[str, ...]] = tuple(p["code"] for p in NATIONALITY_PROFILES)

# ---------------------------------------------------------------------------------------
# Addresses
# ---------------------------------------------------------------------------------------

CITY: Final = "Ludwigshafen am Rhein"

#: Public street names in Ludwigshafen am Rhein (Mitte, Süd, Nord/Hemshof, West,
#: Friesenheim, Mundenheim, Oggersheim, Oppau/Edigheim). Street and postal code are
#: combined at random by the generator, so the pair need not match the real district.
LUDWIGSHAFEN_STREETS: Final[tuple[str, ...]] = (
    "Bismarckstraße",
    "Ludwigstraße",
    "Hemshofstraße",
    "Mundenheimer Straße",
    "Rheinuferstraße",
    "Bürgermeister-Kutterer-Straße",
    "Frankenthaler Straße",
    "Oggersheimer Straße",
    "Kaiser-Wilhelm-Straße",
    "Rottstraße",
    "Prinzregentenstraße",
    "Pasadenaallee",
    "Sternstraße",
    "Carl-Bosch-Straße",
    "Berliner Straße",
    "Zollhofstraße",
    "Walzmühlstraße",
    "Ernst-Boehe-Straße",
    "Bremserstraße",
    "Salzburger Straße",
    "Wittelsbachstraße",
    "Industriestraße",
    "Erzbergerstraße",
    "Lorientallee",
    "Heinigstraße",
    "Jaegerstraße",
    "Rohrlachstraße",
    "Bruchwiesenstraße",
    "Limburgstraße",
    "Denisstraße",
    "Hartmannstraße",
    "Amtsstraße",
    "Wredestraße",
    "Lichtenberger Straße",
    "Rheinallee",
    "Lagerhausstraße",
    "Böcklinstraße",
    "Rheingönheimer Straße",
    "Flomersheimer Straße",
    "Edigheimer Straße",
    "Bleichstraße",
    "Saarlandstraße",
)

LUDWIGSHAFEN_POSTAL_CODES: Final[tuple[str, ...]] = (
    "67059", "67061", "67063", "67065", "67067", "67069", "67071",
)

# ---------------------------------------------------------------------------------------
# Staff and notes
# ---------------------------------------------------------------------------------------

#: Fictitious counsellor display names.
GERMAN_COUNSELLOR_NAMES: Final[tuple[str, ...]] = (
    "Anna Becker",
    "Jonas Hoffmann",
    "Sabine Krüger",
    "Leyla Demirci",
    "Markus Lehmann",
    "Katharina Wolf",
    "Dragana Petrović",
    "Malte Brandt",
    "Nadia El-Amrani",
    "Stefan Weber",
    "Miriam Jung",
    "Daniel Nowicki",
)

#: Short counselling-note sentences without personal data.
NOTE_SNIPPETS: Final[tuple[str, ...]] = (
    "Unterlagen für den Antrag auf Anerkennung besprochen.",
    "Termin beim Jobcenter vorbereitet.",
    "Fragen zum Aufenthaltstitel geklärt; Verlängerung rechtzeitig beantragen.",
    "Anmeldung zum Integrationskurs besprochen.",
    "Antrag auf Kindergeld gemeinsam ausgefüllt.",
    "Wohngeldantrag vorbereitet, einige Nachweise fehlen noch.",
    "Schreiben der Ausländerbehörde erläutert.",
    "Weiterleitung an die Schuldnerberatung vereinbart.",
    "Unterstützung bei der Wohnungssuche besprochen.",
    "Anmeldung für einen Kita-Platz erklärt.",
    "Beglaubigte Übersetzung der Zeugnisse empfohlen.",
    "Bescheid des Jobcenters gemeinsam durchgesehen.",
    "Mitgliedsbescheinigung der Krankenkasse angefordert.",
    "Rückfrage bei der Familienkasse vereinbart.",
    "Beratung zum Familiennachzug, Liste der Unterlagen ausgehändigt.",
    "Folgetermin in zwei Wochen vereinbart.",
    "Einwilligungserklärung unterschrieben und abgelegt.",
    "Dolmetschung für den nächsten Termin angefragt.",
    "Bewerbungsunterlagen gemeinsam überarbeitet.",
    "Schulanmeldung der Kinder besprochen.",
    "Mietvertrag und Nebenkostenabrechnung erklärt.",
    "Antrag auf Leistungen für Bildung und Teilhabe vorbereitet.",
)

# ---------------------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------------------

_KIND_KEYS: Final[dict[str, str]] = {
    "family_names": "family_names",
    "family": "family_names",
    "female_given": "female_given",
    "female": "female_given",
    "male_given": "male_given",
    "male": "male_given",
    "family_names_female": "family_names_female",
    "family_female": "family_names_female",
}


def _list_key(profile: NationalityProfile, kind: str) -> str:
    try:
        key = _KIND_KEYS[kind]
    except KeyError:
        raise ValueError(
            f"unknown name kind {kind!r}; expected one of {sorted(_KIND_KEYS)}"
        ) from None
    if key == "family_names_female" and key not in profile:
        key = "family_names"  # family names are not gendered in this language
    return key


def romanised(profile: NationalityProfile, kind: str, index: int) -> str:
    """Latin form of entry ``index`` of one of ``profile``'s name lists.

    ``kind`` is ``"family_names"``, ``"female_given"``, ``"male_given"`` or
    ``"family_names_female"`` (short forms ``"family"``, ``"female"``, ``"male"``,
    ``"family_female"`` are accepted). ``"family_names_female"`` falls back to the plain
    family names for profiles without gendered surnames. Raises ``ValueError`` for an
    unknown kind and ``IndexError`` for an index out of range.
    """
    key = _list_key(profile, kind)
    return profile[f"{key}_latin"][index]  # type: ignore[literal-required]


def family_name(
    profile: NationalityProfile, index: int, *, female: bool = False, latin: bool = False
) -> str:
    """Family name ``index`` in the form for the given sex (Иванов/Иванова, ...)."""
    key = _list_key(profile, "family_names_female" if female else "family_names")
    if latin:
        key = f"{key}_latin"
    return profile[key][index]  # type: ignore[literal-required]


def profile_by_code(code: str) -> NationalityProfile:
    """The profile for an ISO 3166-1 alpha-2 code (case-insensitive); ``KeyError`` if none."""
    wanted = code.upper()
    for profile in NATIONALITY_PROFILES:
        if profile["code"] == wanted:
            return profile
    raise KeyError(code)
