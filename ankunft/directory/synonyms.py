"""Search words per field of action in the content languages.

They are indexed with every offer of the field (in one extra document per offer that
holds all languages), so that "doctor", "طبيب" or "medic" find health offers even when
the offer's own text uses other words or has no translation into the reader's language.
"""

from __future__ import annotations

SYNONYMS: dict[str, str] = {
    "language": """
        deutsch deutschkurs sprachkurs integrationskurs alphabetisierung sprache lernen
        german course language class learn english
        almanca dil kursu türkçe
        الألمانية دورة لغة تعلم اللغة الالمانية
        germană curs limba germana învățare
        немски курс език уроци
        німецька курс мова навчання
        немецкий курс язык обучение
        آلمانی کلاس زبان آموزش
    """,
    "early_education_school": """
        schule schulanmeldung einschulung kita kindergarten hausaufgaben schulplatz lernen kinder
        school enrolment nursery kindergarten daycare homework children
        okul kayıt kreş anaokulu ödev çocuk
        مدرسة تسجيل روضة حضانة واجبات أطفال
        școală școli înscriere grădiniță creșă teme copii
        училище записване детска градина ясла домашни деца
        школа зарахування дитячий садок діти
        школа запись детский сад дети
        مدرسه ثبت نام مهدکودک کودکان
    """,
    "work_training": """
        arbeit job jobsuche ausbildung beruf bewerbung anerkennung abschluss praktikum
        work job training apprenticeship career application recognition qualification
        iş meslek eğitim başvuru denklik staj
        عمل وظيفة تدريب مهني طلب توظيف معادلة الشهادة
        muncă loc de muncă formare profesională angajare recunoaștere diplomă
        работа професия обучение кандидатстване признаване диплома
        робота професія навчання
        работа профессия обучение
        کار شغل آموزش حرفه
    """,
    "housing_neighbourhood": """
        wohnung wohnen miete mietvertrag nachbarschaft wohnungssuche obdachlos
        housing flat apartment rent tenancy neighbourhood homeless
        ev konut kira komşuluk daire
        سكن شقة إيجار عقد الإيجار حي جيران
        locuință chirie apartament contract cartier vecini
        жилище квартира наем договор квартал съседи
        житло квартира оренда
        жильё квартира аренда
        مسکن آپارتمان اجاره
    """,
    "health": """
        arzt ärztin doktor gesundheit krankenversicherung versicherung impfung krank klinik
        hebamme schwangerschaft
        doctor health insurance clinic vaccination sick pregnancy midwife
        doktor sağlık sigorta hastane aşı hasta hamilelik
        طبيب صحة تأمين صحي عيادة تطعيم مريض حمل
        medic doctor sănătate asigurare vaccin bolnav sarcină
        лекар доктор здраве осигуровка ваксина болен бременност
        лікар здоров'я страховка
        врач здоровье страховка
        پزشک دکتر سلامت بیمه
    """,
    "residence_legal": """
        aufenthalt aufenthaltserlaubnis aufenthaltstitel ausländerbehörde asyl recht
        rechtsberatung papiere visum einbürgerung duldung
        residence permit visa asylum legal advice papers lawyer citizenship
        oturum izni vize iltica hukuk avukat vatandaşlık
        إقامة تصريح لجوء قانون استشارة قانونية أوراق تأشيرة محامي
        ședere permis azil juridic consiliere acte viză avocat
        пребиваване разрешение убежище правни консултации документи виза адвокат
        посвідка дозвіл притулок юридична консультація
        вид на жительство убежище юридическая консультация
        اقامت پناهندگی مشاوره حقوقی
    """,
    "social_security": """
        geld sozialleistungen bürgergeld kindergeld jobcenter schulden antrag wohngeld
        money benefits child benefit debt application allowance
        para sosyal yardım çocuk parası borç başvuru
        مال مساعدات اجتماعية إعانة الأطفال ديون طلب
        bani ajutor social alocație copii datorii cerere
        пари социални помощи детски надбавки дългове заявление
        гроші соціальна допомога
        деньги социальная помощь пособие
        پول کمک اجتماعی
    """,
    "participation": """
        treffen freizeit sport verein ehrenamt café nachbarn frauentreff jugend kultur
        meet leisure sport club volunteering cafe neighbours culture youth
        buluşma boş zaman spor dernek gönüllü kafe kültür gençlik
        لقاء ترفيه رياضة نادي تطوع مقهى ثقافة شباب
        întâlnire timp liber sport club voluntariat cafenea cultură tineret
        среща свободно време спорт клуб доброволчество кафе култура младежи
        зустріч дозвілля спорт волонтерство
        встреча досуг спорт волонтёрство
        دیدار ورزش داوطلب
    """,
    "anti_discrimination": """
        diskriminierung rassismus benachteiligung beschwerde antidiskriminierung
        discrimination racism complaint unfair treatment
        ayrımcılık ırkçılık şikayet
        تمييز عنصرية شكوى
        discriminare rasism plângere
        дискриминация расизъм оплакване
        дискримінація расизм скарга
        дискриминация расизм жалоба
        تبعیض نژادپرستی شکایت
    """,
}

# Words that mean the same across the content languages, one group a line; a query word
# that is one of a group's words also finds the others (as word beginnings). Unlike the
# field words above these are not indexed: they widen the query only. Extend freely — a
# word may stand in several groups; keep each group to one meaning.
WORD_GROUPS: list[str] = [
    # registering, enrolling
    "anmeldung anmelden registrierung einschreibung registration register enrolment enrollment "
    "enrol enroll kayıt kaydı kaydettirmek înscriere înscrie înregistrare записване регистрация "
    "запис зарахування реєстрація تسجيل ثبت",
    # child, son, daughter
    "kind kinder sohn tochter child children kid kids son daughter çocuk çocuğum oğlum kızım "
    "copil copii copilul fiul fiica дете деца син дъщеря дитина діти син донька ребёнок дети "
    "сын дочь طفل أطفال ابني ابنتي ولد کودک فرزند پسر دختر",
    # doctor, medical
    "arzt ärztin doktor medizinisch sprechstunde doctor medical physician gp clinic paediatrician "
    "pediatrician doktor hekim muayene medic medical consultație лекар преглед лікар врач "
    "طبيب عيادة پزشک دکتر",
    "kinderarzt kinderärztin paediatrician pediatrician çocuk doktoru pediatru педиатър педіатр "
    "педиатр طبيب أطفال متخصص کودکان",
    # work, job
    "arbeit job stelle arbeitsstelle beruf work job employment career iş meslek muncă loc "
    "serviciu работа робота عمل وظيفة شغل کار",
    # flat, housing
    "wohnung wohnen unterkunft flat apartment housing home ev daire konut locuință apartament "
    "квартира жилище житло жильё شقة سكن آپارتمان خانه مسکن",
    # German language, course
    "deutsch deutschkurs sprachkurs german almanca germană germana немски німецька немецкий "
    "الألمانية الالمانية آلمانی",
    "kurs course class lesson kurs kursu ders curs курс урок دورة درس کلاس",
    # insurance
    "versicherung krankenversicherung insurance sigorta asigurare осигуровка страховка تأمين بیمه",
    # money, benefits
    "geld sozialleistungen leistungen money benefits benefit allowance para yardım bani ajutor "
    "alocație пари помощи гроші деньги пособие مال إعانة مساعدات پول",
    # debt
    "schulden schuldner debt debts borç datorii дългове борги долги ديون بدهی",
    # pregnancy
    "schwanger schwangerschaft pregnant pregnancy hamile hamilelik însărcinată sarcină "
    "бременна бременност вагітна беременна حامل حمل باردار",
    # vaccination
    "impfung impfen impfsprechstunde vaccination vaccine jab aşı vaccin ваксина щеплення "
    "прививка تطعيم لقاح واکسن",
    # homework, school
    "hausaufgaben hausaufgabenhilfe homework tutoring ödev teme домашни домашнє домашние "
    "واجبات تکالیف",
    "schule school okul şcoală scoala училище школа مدرسة مدرسه",
    "kita kindergarten nursery daycare kreş anaokulu grădiniță creșă детска градина садок "
    "садик روضة حضانة مهدکودک",
    # asylum, residence
    "asyl asylverfahren asylum refugee iltica mülteci azil убежище притулок لجوء پناهندگی",
    "aufenthalt aufenthaltserlaubnis visum residence permit visa oturum ședere permis "
    "пребиваване посвідка إقامة اقامت",
    # tenant, rent
    "miete mieter mietvertrag vermieter rent tenant landlord lease kira kiracı chirie chiriaș "
    "наем оренда аренда إيجار اجاره",
    # recognition of qualifications
    "anerkennung berufsabschluss abschluss zeugnis recognition qualification diploma degree "
    "denklik diploma recunoaștere признаване визнання признание معادلة الشهادة",
    # application, CV
    "bewerbung lebenslauf anschreiben application cv resume başvuru özgeçmiş cv cerere "
    "кандидатстване автобиография резюме سيرة",
    # women
    "frauen frau women woman kadın kadınlar femei femeie жени жена жінки женщины نساء امرأة زنان",
    # youth, leisure, sport
    "jugend jugendliche jugendtreff youth teenager teens gençlik genç tineret tineri младежи "
    "молодь молодёжь شباب جوانان",
    "sport fußball schwimmen football soccer swimming spor futbol fotbal înot спорт футбол "
    "رياضة ورزش",
    # discrimination
    "diskriminierung rassismus discrimination racism ayrımcılık discriminare дискриминация "
    "дискримінація تمييز تبعیض",
    # volunteering
    "ehrenamt ehrenamtlich freiwillig volunteer volunteering gönüllü voluntar доброволец "
    "волонтер волонтёр تطوع داوطلب",
    # psychological help
    "psychosozial psychologe psyche trauma therapie psychological psychologist mental therapy "
    "psikolog terapi psiholog terapie психолог психолог نفسي روانشناس",
    # advice, counselling
    "beratung berater advice counselling counseling advisor danışmanlık consiliere "
    "консултация консультація консультация استشارة مشاوره",
    # reading and writing
    "alphabetisierung lesen schreiben literacy reading writing okuma yazma citit scris "
    "четене писане читання чтение القراءة الكتابة سوادآموزی",
]
