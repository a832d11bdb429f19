"""Small tables: Arabic-script spellings of common names, and groups of spellings that are
one name across languages (Oleksandr = Aleksandr = Alexander). Entries are written in
ordinary spelling; `normalise` brings them into the matcher's canonical form on import."""

from __future__ import annotations

# Common given and family names in Arabic script (after alef/hamza normalisation, without
# short-vowel marks). Arabic writes no short vowels, so a letter-by-letter transliteration
# of "محمد" is "mhmd"; for frequent names the usual Latin form is far better.
ARABIC_NAMES = {
    "محمد": "muhammad", "احمد": "ahmad", "محمود": "mahmud", "مصطفى": "mustafa",
    "علي": "ali", "عمر": "umar", "عثمان": "uthman", "حسن": "hasan", "حسين": "husain",
    "يوسف": "yusuf", "ابراهيم": "ibrahim", "اسماعيل": "ismail", "خالد": "khalid",
    "خليل": "khalil", "عبدالله": "abdullah", "عبدالرحمن": "abdulrahman",
    "عبدالعزيز": "abdulaziz", "عبدالكريم": "abdulkarim", "عبدالقادر": "abdulkadir",
    "سعيد": "said", "سعد": "saad", "سامي": "sami", "سمير": "samir", "سميرة": "samira",
    "وليد": "walid", "جمال": "jamal", "كمال": "kamal", "كريم": "karim", "رحيم": "rahim",
    "نور": "nur", "امين": "amin", "امينة": "amina", "فاطمة": "fatima", "عائشة": "aisha",
    "زينب": "zainab", "مريم": "maryam", "سارة": "sara", "ليلى": "laila", "هدى": "huda",
    "رانيا": "rania", "رنا": "rana", "ياسمين": "yasmin", "خديجة": "khadija", "حمزة": "hamza",
    "طارق": "tariq", "ماهر": "mahir", "بشار": "bashar", "عمار": "ammar", "عباس": "abbas",
    "حيدر": "haidar", "جعفر": "jafar", "قاسم": "qasim", "جابر": "jabir", "حداد": "haddad",
    "درويش": "darwish", "منصور": "mansur", "ناصر": "nasir", "صالح": "salih", "زيد": "zaid",
    "موسى": "musa", "عيسى": "isa", "يونس": "yunus", "ادريس": "idris", "هاشم": "hashim",
    "رضا": "reza", "فرح": "farah", "نادية": "nadia", "لينا": "lina", "هالة": "hala",
    "الحسن": "al hasan", "الحسين": "al husain", "الخطيب": "al khatib", "السيد": "al sayyid",
}  # fmt: skip

# Spellings of one name (the first is the group's name). Only true equivalents: Mehmet is
# not Muhammad here (in Turkish records they are different names), Hasan is not Husain.
VARIANT_GROUPS = [
    "muhammad mohammed mohammad mohamed muhammed mohamad muhamad mohd",
    "ahmad ahmed achmed ahmet",
    "mahmud mahmoud mahmood",
    "mustafa mostafa moustafa mustapha",
    "yusuf yousef youssef yusef jussuf yossef",
    "husain hussein husein hussain hossein huseyin",
    "uthman othman osman usman",
    "umar omar",
    "abdullah abdallah abdulla",
    "khalid khaled chaled halid",
    "said sayed sayyid saeed sayid seyed seyyed",
    "walid waleed",
    "nur nour noor",
    "fatima fatma fatemeh fatimah",
    "zainab zeinab zaynab",
    "maryam mariam meryem",
    "laila layla leila leyla",
    "aisha aysha aischa ayse",
    "jamal djamal gamal dschamal",
    "ibrahim ebrahim ibragim",
    "ismail ismael esmail",
    "hamza hamzah",
    "qasim kasim qassem kassem",
    "aleksandr alexander aleksander oleksandr alexandr aleksandar alexandru",
    "aleksei alexei alexey aleksey oleksii oleksiy oleksij",
    "sergei sergey sergej serhii serhiy sergii sergiy serghei",
    "dmitri dmitry dmitrii dmitrij dmytro dimitri dimitrios dimitris",
    "evgeni yevgeny yevgeniy evgeny jewgenij ievgen yevhen evgenii",
    "oleg oleh",
    "bohdan bogdan",
    "petr pyotr pjotr piotr",
    "olga olha",
    "mikhail michail mihail mykhailo mychajlo",
    "andrei andrey andrej andrii andriy andrij",
    "yuri yuriy yurii juri jurij yury",
    "georgi georgios giorgos yiorgos giorgi georgy georgiy",
    "natalia natalya natalja nataliia",
    "ekaterina kateryna katerina yekaterina jekaterina",
    "elena yelena jelena olena",
    "ksenia xenia kseniya kseniia",
    "yulia julia julija yuliia yuliya iulia",
    "artem artyom artiom",
    "nikolai nikolay nikolaj",
]
