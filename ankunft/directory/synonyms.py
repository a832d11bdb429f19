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
