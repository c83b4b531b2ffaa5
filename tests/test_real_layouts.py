"""Real annex layouts (``../shared/docs/real-layouts.md``, ``../shared/real/``) as DOCX, HTML and PDF, read as a person reads them.

The documents are built by ``tools/make_real_layouts.py`` (its grids show every cell
and merge). Every expected value below was read off the printed table by hand:
every amount is a record with its measure, year, source, executor and expense
type; every total (a column, a row, a cell merged over a task's measures, an
in-cell breakdown) is a declared figure with its check.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from extractor import extract
from extractor.export.json import document_dict
from extractor.validate import errors

from .conftest import DATA

LAYOUTS = DATA / "layouts"

ST = "Субвенція з державного бюджету"
OB, MB, IN = "Обласний бюджет", "Місцевий бюджет", "Інші джерела фінансування"
EDU = "Управління освіти"
KAP, NDR, OTHER = "капітальні вкладення", "поточні витрати: науково-дослідні роботи", "поточні витрати: інші потреби"
SCIENCE, HEALTH, BUILDING = (
    "Департамент науки і освіти ХОДА",
    "Департамент охорони здоров’я ХОДА",
    "Управління капітального будівництва ХОДА",
)
CP, CPD = "Управління з питань цивільного захисту ОДА", "Департамент цивільного захисту ОДА"
RESCUE = "Аварійно-рятувальний загін ОДА"
TASK_TOTAL = "Прогнозний обсяг фінансових ресурсів для виконання завдань, тис. грн."

# Per layout: the formats it comes in, then what a person reads off it.
#   measures: id -> (section, parent, text, term (raw, start, end) | None, executors, sources, funding_status)
#   records:  id -> [(year, source, executor, expense, amount as written with a dot, amount in UAH | None)]
#   declared: [(label, measure, section, year, source, executor, expense, declared as written, status)]
#   totals:   [(year, computed UAH, declared UAH)]
#   warnings: [(code, measure)]
EXPECTED: dict[str, dict] = {
    "sources-3": {
        "formats": ("docx", "html", "pdf"),
        "decision": ("Ніжинська міська рада", 29, "VIII", "2023-03-14", "12-29/2023", "2"),
        "programme": ("Програма розвитку освіти Ніжинської міської територіальної громади на 2023-2025 роки", 2023, 2025,
                      "thousand_uah"),
        "sections": [("1", "Матеріально-технічне забезпечення закладів освіти")],
        "measures": {
            "1.1": ("1", None, "Придбання шкільних автобусів для підвезення учнів", ("2023 рік", 2023, 2023), [EDU], [OB, IN],
                    "funded"),
            "1.2": ("1", None, "Оновлення комп’ютерного обладнання кабінетів інформатики", ("2023-2025 роки", 2023, 2025),
                    [EDU, "заклади освіти"], [OB, IN], "funded"),
            "1.3": ("1", None, "Облаштування укриттів у закладах освіти", ("2024", 2024, 2024), [EDU], [IN], "funded"),
        },
        "records": {
            # a one-year term gives the year; a range gives none (the amount covers the term)
            "1.1": [(2023, OB, None, None, "450.0", 450000), (2023, IN, None, None, "120.0", 120000)],
            "1.2": [(None, OB, None, None, "800.5", 800500), (None, IN, None, None, "200.0", 200000)],
            "1.3": [(2024, IN, None, None, "0.00", 0)],  # "-" is no amount, "0,00" a written zero
        },
        "declared": [
            ("Орієнтовні обсяги фінансування (тис.грн.) / Всього", "1.1", "1", None, None, None, None, "570.0", "matched"),
            ("Орієнтовні обсяги фінансування (тис.грн.) / Всього", "1.2", "1", None, None, None, None, "1000.5", "matched"),
            ("Орієнтовні обсяги фінансування (тис.грн.) / Всього", "1.3", "1", None, None, None, None, "0.00", "matched"),
            ("Разом", None, None, None, OB, None, None, "1250.5", "matched"),
            ("Разом", None, None, None, IN, None, None, "320.0", "matched"),
            ("Разом", None, None, None, None, None, None, "1570.5", "matched"),
        ],
        "totals": [(2023, 570000, None), (2024, 0, None), (None, 1000500, None)],
        "warnings": [],
    },
    "executor-rows": {
        "formats": ("docx", "html", "pdf"),
        "decision": ("Херсонська обласна рада", 7, "VIII", "2020-12-22", "58", "4"),
        "programme": ("Обласна Програма розвитку закладів охорони здоров’я та освіти на 2021-2022 роки", 2021, 2022,
                      "thousand_uah"),
        "sections": [],
        "measures": {
            "1": (None, None, "Забезпечення закладів охорони здоров’я та освіти сучасним медичним обладнанням",
                  ("2021", 2021, 2021), [SCIENCE, HEALTH, BUILDING], [ST, OB, MB, IN], "funded"),
            "2": (None, None, "Проведення навчань медичних працівників з домедичної допомоги", ("2021-2022 роки", 2021, 2022),
                  ["Департамент цивільного захисту ХОДА"], [OB, IN], "funded"),
        },
        "records": {
            "1": [(2021, ST, SCIENCE, None, "0.00", 0), (2021, OB, SCIENCE, None, "5528.70", 5528700),
                  (2021, MB, SCIENCE, None, "0.00", 0), (2021, IN, SCIENCE, None, "0.00", 0),
                  (2021, ST, HEALTH, None, "0.00", 0), (2021, OB, HEALTH, None, "957.0", 957000),
                  (2021, MB, HEALTH, None, "0.00", 0), (2021, IN, HEALTH, None, "0.00", 0),
                  (2021, ST, BUILDING, None, "1200.0", 1200000), (2021, OB, BUILDING, None, "300.0", 300000),
                  (2021, MB, BUILDING, None, "50.5", 50500)],
            "2": [(None, OB, None, None, "120.0", 120000), (None, IN, None, None, "15.0", 15000)],
        },
        "declared": [
            ("Орієнтовні обсяги фінансування, тис. грн / Всього", "1", None, None, None, SCIENCE, None, "5528.70", "matched"),
            ("Орієнтовні обсяги фінансування, тис. грн / Всього", "1", None, None, None, HEALTH, None, "957.0", "matched"),
            ("Орієнтовні обсяги фінансування, тис. грн / Всього", "1", None, None, None, BUILDING, None, "1550.5", "matched"),
            ("Орієнтовні обсяги фінансування, тис. грн / Всього", "2", None, None, None, None, None, "135.0", "matched"),
            ("Разом:", None, None, None, ST, None, None, "1200.0", "matched"),
            ("Разом:", None, None, None, OB, None, None, "6905.70", "matched"),
            ("Разом:", None, None, None, MB, None, None, "50.5", "matched"),
            ("Разом:", None, None, None, IN, None, None, "15.0", "matched"),
            ("Разом:", None, None, None, None, None, None, "8171.20", "matched"),
        ],
        "totals": [(2021, 8036200, None), (None, 135000, None)],
        "warnings": [],
    },
    "source-expense": {
        "formats": ("docx", "html", "pdf"),
        "decision": ("Сумська обласна рада", 38, "VII", "2019-12-05", "1125-VII", "3"),
        "programme": ("Регіональна Програма охорони навколишнього природного середовища на 2020-2021 роки", 2020, 2021,
                      "thousand_uah"),
        "sections": [],
        "measures": {
            "1": (None, None, "Будівництво очисних споруд у смт Краснопілля", ("2020", 2020, 2020),
                  ["Департамент екології та природних ресурсів ОДА"], ["обласний бюджет", "інші джерела"], "funded"),
            "2": (None, None, "Моніторинг якості поверхневих вод басейну річки Псел", ("2020-2021 роки", 2020, 2021),
                  ["Департамент екології та природних ресурсів ОДА", "Сумський державний університет"],
                  ["обласний бюджет", "інші джерела"], "funded"),
        },
        "records": {
            "1": [(2020, "обласний бюджет", None, KAP, "200.0", 200000), (2020, "інші джерела", None, KAP, "50.0", 50000),
                  (2020, "обласний бюджет", None, NDR, "40.0", 40000), (2020, "обласний бюджет", None, OTHER, "60.0", 60000)],
            "2": [(None, "обласний бюджет", None, NDR, "20.5", 20500), (None, "обласний бюджет", None, OTHER, "100.0", 100000),
                  (None, "інші джерела", None, OTHER, "0.0", 0)],
        },
        "declared": [
            ("Обсяг фінансування, тис. гривень / усього / обласний бюджет", "1", None, None, "обласний бюджет", None, None,
             "300.0", "matched"),
            ("Обсяг фінансування, тис. гривень / усього / інші джерела", "1", None, None, "інші джерела", None, None, "50.0",
             "matched"),
            ("Обсяг фінансування, тис. гривень / усього / обласний бюджет", "2", None, None, "обласний бюджет", None, None,
             "120.5", "matched"),
            ("Обсяг фінансування, тис. гривень / усього / інші джерела", "2", None, None, "інші джерела", None, None, "0.0",
             "matched"),
        ],
        "totals": [(2020, 350000, None), (None, 120500, None)],
        "warnings": [],
    },
    "totals-block": {
        "formats": ("docx", "html"),
        "decision": ("Запорізька районна рада", 11, "VIII", "2021-09-30", "9", "1"),
        "programme": ("Районна Програма розвитку фізичної культури і спорту на 2022-2023 роки", 2022, 2023, "thousand_uah"),
        "sections": [],
        "measures": {
            "1": (None, None, "Проведення районних спортивних змагань", None, ["Відділ молоді та спорту"], [OB], "funded"),
            "2": (None, None, "Будівництво спортивних майданчиків у громадах району", None, ["Відділ капітального будівництва"],
                  ["Бюджети сіл, селищ, міст територіальних громад", OB], "funded"),  # a label: hyphenation undone
        },
        "records": {
            "1": [(2022, None, None, None, "1200.00", 1200000), (2023, None, None, None, "1207.77", 1207770)],
            "2": [(2022, "Бюджети сіл, селищ, міст територіальних громад", None, None, "2100.0", 2100000),
                  (2023, "Бюджети сіл, селищ, міст територіальних громад", None, None, "1500.5", 1500500),
                  (2022, OB, None, None, "0.00", 0)],
        },
        "declared": [
            (OB, None, None, 2022, OB, None, None, "1200.00", "matched"),
            (OB, None, None, 2023, OB, None, None, "1207.77", "matched"),
            ("Бюджети сіл, селищ, міст територіальних громад", None, None, 2022,
             "Бюджети сіл, селищ, міст територіальних громад", None, None, "2100.0", "matched"),
            ("Бюджети сіл, селищ, міст територіальних громад", None, None, 2023,
             "Бюджети сіл, селищ, міст територіальних громад", None, None, "1500.5", "matched"),
            ("Разом:", None, None, 2022, None, None, None, "3300.00", "matched"),
            ("Разом:", None, None, 2023, None, None, None, "2708.27", "matched"),
        ],
        "totals": [(2022, 3300000, 3300000), (2023, 2708270, 2708270)],
        "warnings": [],
    },
    "bare-years": {
        "formats": ("docx", "html"),
        "decision": ("Великоолександрівська селищна рада", 15, "VII", "2016-12-23", "310", None),
        "programme": ("Програма розвитку культури Великоолександрівської селищної ради на 2017-2021 роки", 2017, 2021, None),
        "sections": [],
        "measures": {
            "1": (None, None, "Проведення селищних свят і фестивалів", None, ["Відділ культури"], [], "funded"),
            "2": (None, None, "Ремонт будинку культури в с. Роздольне", None, ["Відділ культури", "сільська рада"], [], "funded"),
        },
        # no unit anywhere: the figures as written, no hryvnias guessed
        "records": {
            "1": [(2017, None, None, None, "20000", None), (2018, None, None, None, "22000", None),
                  (2019, None, None, None, "25000", None), (2021, None, None, None, "30000", None)],
            "2": [(2018, None, None, None, "150500.50", None)],
        },
        "declared": [],
        "totals": [(2017, None, None), (2018, None, None), (2019, None, None), (2021, None, None)],
        "warnings": [("metadata_missing", None), ("unit_missing", None)],
    },
    "one-year-header": {
        "formats": ("docx", "html"),
        "decision": ("Вільнянська міська рада", 8, "VI", "2011-01-27", "250", "1"),
        "programme": ("Програма соціального захисту населення міста Вільнянська на 2011 рік", 2011, 2011, "uah"),
        "sections": [],
        "measures": {
            # the term written inside the measure text; numbers that are not amounts stay text
            "1": (None, None, "Компенсація пільговикам 50% вартості проїзду на маршруті Т 1705 (2011 рік та подальші періоди)",
                  ("2011 рік та подальші періоди", 2011, None), ["Управління праці та соціального захисту населення"], [],
                  "funded"),
            "2": (None, None, "Матеріальна допомога згідно з рішенням від 05.11.2008 № 976: - учасникам бойових дій; - особам "
                  "з інвалідністю", None, ["Управління праці та соціального захисту населення", "фінансове управління"], [],
                  "funded"),
        },
        "records": {"1": [(2011, None, None, None, "20000.00", 20000)], "2": [(2011, None, None, None, "35500.00", 35500)]},
        "declared": [],
        "totals": [(2011, 55500, None)],
        "warnings": [],
    },
    "no-year-axis": {
        "formats": ("docx", "html"),
        "decision": ("Роздольненська сільська рада", 21, "VII", "2017-12-20", "402", None),
        "programme": ("Програма благоустрою та озеленення населених пунктів Роздольненської сільської ради на 2018-2020 роки",
                      2018, 2020, "thousand_uah"),
        "sections": [],
        "measures": {
            "1": (None, None, "Озеленення центральної площі с. Роздольне", ("2019", 2019, 2019),
                  ["Виконавчий комітет сільської ради", "КП «Благоустрій»"], [], "funded"),
            "2": (None, None, "Ремонт дитячих майданчиків", ("2018 р.", 2018, 2018), ["КП «Благоустрій»"], [], "funded"),
            "3": (None, None, "Поточний ремонт доріг комунальної власності", ("2018-2020 роки", 2018, 2020),
                  ["Виконавчий комітет сільської ради", "КП «Благоустрій»", "підрядні організації"], [], "unknown"),
            # unnumbered rows with their own amounts under 3, no "у тому числі": its parts
            "3.1": (None, "3", "Заходи по благоустрою с. Роздольне", None, [], [], "funded"),
            "3.2": (None, "3", "Заходи по благоустрою с. Новопетрівка", None, [], [], "funded"),
        },
        "records": {
            "1": [(2019, None, None, None, "150.0", 150000)],
            "2": [(2018, None, None, None, "199.000", 199000)],  # three decimals in тис. грн: 199 thousand
            "3": [],
            "3.1": [(None, None, None, None, "184.9", 184900)],
            "3.2": [(None, None, None, None, "32.890", 32890)],
        },
        "declared": [("Всього на виконання заходів з благоустрою та озеленення", None, None, None, None, None, None, "566.790",
                      "matched")],
        "totals": [(2018, 199000, None), (2019, 150000, None), (None, 217790, None)],
        "warnings": [("metadata_missing", None)],
    },
    "no-number-header": {
        "formats": ("docx", "html"),
        "decision": ("Любашівська селищна рада", 5, "VIII", "2021-02-18", "77", "2"),
        "programme": ("Програма підтримки ветеранів Любашівської селищної територіальної громади на 2021 рік", 2021, 2021,
                      "thousand_uah"),
        "sections": [],
        "measures": {
            "1": (None, None, "Привітання ветеранів до Дня Перемоги та Дня захисників і захисниць України", None,
                  ["Відділ соціального захисту населення"], ["Селищний бюджет"], "funded"),
            "2": (None, None, "Оздоровлення ветеранів у санаторіях області", None, ["Відділ соціального захисту населення"],
                  ["Селищний бюджет"], "funded"),
            "3": (None, None, "Консультації з питань пільг у старостинських округах", None,
                  ["Центр надання адміністративних послуг"], ["Фінансування не потребує"], "not_required"),
        },
        "records": {"1": [(None, None, None, None, "45.0", 45000)], "2": [(None, None, None, None, "120.75", 120750)], "3": []},
        "declared": [],
        "totals": [(None, 165750, None)],
        "warnings": [("column_inferred", None), ("column_inferred", None)],
    },
    "spanning-header": {
        "formats": ("docx", "html", "pdf"),
        "decision": ("Житомирська міська рада", 32, "VIII", "2021-12-16", "411", None),
        "programme": ("Програма інформатизації Житомирської міської територіальної громади на 2022-2024 роки", 2022, 2024,
                      "thousand_uah"),
        "sections": [("1", "Нормативно-правове, організаційне та методичне забезпечення інформатизації"),
                     ("2", "Розвиток телекомунікаційної інфраструктури")],
        "measures": {
            # section 1 and its first measure share the number "1."; then 1.1.
            "1": ("1", None, "Розроблення положення про електронний документообіг виконавчих органів", None,
                  ["Управління інформатизації"], [], "funded"),
            "1.1": ("1", None, "Навчання працівників роботі з системою електронного документообігу", None,
                    ["Управління інформатизації"], [], "funded"),
            "2.1": ("2", None, "Побудова оптоволоконної мережі між будівлями виконавчих органів", None,
                    ["Управління інформатизації", "КП «Житомирінфосервіс»"], [], "funded"),
            "2.2": ("2", None, "Придбання серверного обладнання", None, ["Управління інформатизації"], [], "funded"),
        },
        "records": {
            "1": [(2022, None, None, None, "0.00", 0)],
            "1.1": [(2022, None, None, None, "35.0", 35000), (2023, None, None, None, "40.0", 40000),
                    (2024, None, None, None, "45.0", 45000)],
            "2.1": [(2022, None, None, None, "1200.0", 1200000), (2023, None, None, None, "800.0", 800000)],
            "2.2": [(2023, None, None, None, "450.0", 450000), (2024, None, None, None, "500.0", 500000)],
        },
        "declared": [
            ("Всього", "1", "1", None, None, None, None, "0.00", "matched"),
            ("Всього", "1.1", "1", None, None, None, None, "120.0", "matched"),
            ("Всього", "2.1", "2", None, None, None, None, "2000.0", "matched"),
            ("Всього", "2.2", "2", None, None, None, None, "960.0", "mismatch"),  # 450,0 + 500,0 is 950,0
        ],
        "totals": [(2022, 1235000, None), (2023, 1290000, None), (2024, 545000, None)],
        "warnings": [("column_inferred", None), ("metadata_missing", None), ("measure_total_mismatch", "2.2")],
    },
    "kharkiv-civil-protection": {
        "formats": ("docx", "html", "pdf"),
        "decision": ("Харківська обласна рада", 23, "VII", "2020-02-27", "1210-VII", "1"),
        "programme": ("Регіональна програма захисту населення і територій від надзвичайних ситуацій на 2016-2017 роки", 2016,
                      2017, "thousand_uah"),
        "sections": [("1", "Забезпечення гарантованого рівня захисту населення і територій від надзвичайних ситуацій"),
                     ("2", "Забезпечення функціонування аварійно-рятувальних служб")],
        "measures": {
            "1.1": ("1", None, "Забезпечення постійної готовності регіональної автоматизованої системи централізованого "
                    "оповіщення", None, [CP, CPD], [], "unknown"),
            "1.1.1": ("1", "1.1", "Експлуатаційно-технічне обслуговування регіональної системи централізованого оповіщення "
                      "населення Харківської області", None, [CP, "ПАТ «Укртелеком»", CPD], ["обласний бюджет"], "funded"),
            "1.2": ("1", None, "Проведення ремонту, дообладнання, технічного обслуговування системи життєзабезпечення та "
                    "забезпечення роботи диспетчерського пункту керівника територіальної підсистеми цивільного захисту "
                    "Харківської області – голови обласної державної адміністрації", None, [CP, CPD], ["обласний бюджет"],
                    "funded"),
            "1.3": ("1", None, "Забезпечення здійснення заходів щодо приведення у стан готовності до укриття населення "
                    "захисних споруд цивільного захисту", None,
                    ["Райдержадміністрації", "органи місцевого самоврядування", CPD], ["інші кошти"], "funded"),
            "2.1": ("2", None, "Придбання аварійно-рятувального спорядження", None, [RESCUE, CPD], ["обласний бюджет"], "funded"),
            "2.3": ("2", None, "Навчання особового складу аварійно-рятувальних служб", None, [RESCUE, CPD], ["обласний бюджет"],
                    "funded"),
        },
        "records": {
            "1.1": [],
            "1.1.1": [(2016, None, None, None, "350.0", 350000), (2017, None, None, None, "380.0", 380000)],
            "1.2": [(2016, None, None, None, "210.5", 210500), (2017, None, None, None, "225.8", 225800)],
            "1.3": [(2016, None, None, None, "100.0", 100000), (2017, None, None, None, "150.0", 150000)],
            "2.1": [(2016, None, None, None, "200.0", 200000), (2017, None, None, None, "220.0", 220000)],
            "2.3": [(2016, None, None, None, "40.0", 40000), (2017, None, None, None, "60.0", 60000)],
        },
        "declared": [
            # each task's total stands in one cell merged down over its measures
            (TASK_TOTAL, None, "1", None, None, None, None, "1416.3", "matched"),
            # task 2 is restated without 2.2: its total covers a measure the fragment does not list
            (TASK_TOTAL, None, "2", None, None, None, None, "900.0", "unchecked"),
        ],
        "totals": [(2016, 900500, None), (2017, 1035800, None)],
        "warnings": [("total_unchecked", "2.1")],
    },
    "kharkiv-sources": {
        "formats": ("docx", "html"),
        "decision": ("Харківська обласна рада", None, None, None, None, "1"),
        "programme": ("Програма розвитку фізичної культури і спорту в Харківській області на 2019-2023 роки", 2019, 2023,
                      "thousand_uah"),
        "sections": [],
        "measures": {
            "1": (None, None, "Обласний бюджет, місцевий бюджет та інші джерела, не заборонені чинним законодавством", None, [],
                  ["Обласний бюджет", "місцевий бюджет та інші джерела, не заборонені чинним законодавством"], "funded"),
        },
        "records": {
            # the year cells' sub-amounts follow the breakdown's order: обласний, місцевий, інші джерела
            "1": [(year, source, None, None, amount, None) for year, amounts in (
                (2019, ("229312.9", "1315.4", "255.0")), (2020, ("253044.9", "993.1", "235.0")),
                (2021, ("261379.1", "255.0", "230.0")), (2022, ("230645.1", "1225.0", "230.0")),
                (2023, ("216358.3", "50.0", "235.0"))) for source, amount in zip(
                ("обласного бюджету", "місцевого бюджету", "інші джерела"), amounts, strict=True)],
        },
        "declared": [
            ("Орієнтовний обсяг фінансування (за наявності коштів) (тис. грн)", "1", None, None, None, None, None, "1195763.8",
             "matched"),
            ("Орієнтовний обсяг фінансування (за наявності коштів) (тис. грн)", "1", None, None, "обласного бюджету", None,
             None, "1190740.3", "matched"),
            ("Орієнтовний обсяг фінансування (за наявності коштів) (тис. грн)", "1", None, None, "місцевого бюджету", None,
             None, "3838.5", "matched"),
            ("Орієнтовний обсяг фінансування (за наявності коштів) (тис. грн)", "1", None, None, "інші джерела", None, None,
             "1185.0", "matched"),
            *[("У тому числі за роками (тис. грн) / " + str(year), "1", None, year, None, None, None, amount, "matched")
              for year, amount in ((2019, "230883.3"), (2020, "254273.0"), (2021, "261864.1"), (2022, "232100.1"),
                                   (2023, "216643.3"))],
            ("Разом:", None, None, None, None, None, None, "1195763.8", "matched"),
            *[("Разом:", None, None, year, None, None, None, amount, "matched")
              for year, amount in ((2019, "230883.3"), (2020, "254273.0"), (2021, "261864.1"), (2022, "232100.1"),
                                   (2023, "216643.3"))],
        ],
        "totals": [(2019, 230883300, 230883300), (2020, 254273000, 254273000), (2021, 261864100, 261864100),
                   (2022, 232100100, 232100100), (2023, 216643300, 216643300)],
        # a draft: session, convocation, date and number left blank; a funding table names no measure numbers
        # (the signature over three lines is read: Керуючий справами виконавчого апарату … ради, Оксана МАЛИШЕВА)
        "warnings": [("metadata_missing", None)] * 4 + [("measure_unnumbered", None)],
    },
}  # fmt: skip
for _amounts in EXPECTED["kharkiv-sources"]["records"].values():  # in hryvnias: the figures are thousands
    _amounts[:] = [(y, s, e, x, a, int(Decimal(a) * 1000)) for y, s, e, x, a, _ in _amounts]

CASES = [(name, file_format) for name, expected in EXPECTED.items() for file_format in expected["formats"]]


@pytest.fixture(scope="module")
def extracted():
    cache: dict = {}

    def get(name: str, file_format: str) -> dict:
        if (name, file_format) not in cache:
            cache[(name, file_format)] = document_dict(extract(LAYOUTS / f"{name}.{file_format}"))
        return cache[(name, file_format)]

    return get


def measures_of(document: dict) -> dict:
    return {
        m["id"]: (m["section"], m["parent"], m["text"], m["term"] and (m["term"]["raw"], m["term"]["start"], m["term"]["end"]),
                  m["executors"], m["sources"], m["funding_status"])
        for m in document["measures"]
    }  # fmt: skip


def records_of(document: dict) -> dict:
    return {
        m["id"]: [(r["year"], r.get("source"), r.get("executor"), r.get("expense"), r["amount"], r["amount_uah"])
                  for r in m["funding"]]
        for m in document["measures"]
    }  # fmt: skip


def declared_of(document: dict) -> list:
    return [
        (t["label"], t["measure"], t["section"], t["year"], t["source"], t["executor"], t["expense"], t["declared"], t["status"])
        for t in document["declared_totals"]
    ]


@pytest.mark.parametrize(("name", "file_format"), CASES, ids=[f"{n}.{f}" for n, f in CASES])
def test_layout_reads_as_a_person_reads_it(extracted, name, file_format):
    document = extracted(name, file_format)
    expected = EXPECTED[name]
    decision = document["decision"]
    assert (decision["council"], decision["session"], decision["convocation"], decision["date"], decision["number"],
            decision["annex"]) == expected["decision"]  # fmt: skip
    programme = document["programme"]
    assert (programme["title"], programme["period"]["start"], programme["period"]["end"], programme["unit"]) == expected[
        "programme"
    ]
    assert [(s["number"], s["title"]) for s in document["sections"]] == expected["sections"]
    assert measures_of(document) == expected["measures"]
    assert records_of(document) == {key: expected["records"].get(key, []) for key in expected["measures"]}
    assert declared_of(document) == expected["declared"]
    assert [(t["year"], t["computed_uah"], t["declared_uah"]) for t in document["totals"]] == expected["totals"]
    assert [(w["code"], w["where"].get("measure")) for w in document["warnings"]] == expected["warnings"]
    assert errors(document) == []


def test_every_declared_total_says_where_it_was_read(extracted):
    for name, file_format in CASES:
        for total in extracted(name, file_format)["declared_totals"]:
            assert total["where"].get("table") == 1 and total["where"].get("row", 0) > 2, (name, total)


def test_a_restated_task_total_says_the_check_cannot_close(extracted):
    (warning,) = extracted("kharkiv-civil-protection", "docx")["warnings"]
    assert warning["message"] == (
        f"the total column {TASK_TOTAL!r} states 900000 UAH, its cells over the rows it spans (measures 2.1, 2.3) add up to "
        "520000 UAH: it also covers measures this table does not list (2.2), so the check cannot close"
    )


def test_a_total_row_that_does_not_add_up_is_a_mismatch_with_where(extracted, tmp_path):
    page = (LAYOUTS / "executor-rows.html").read_text(encoding="utf-8")
    assert page.count(">6905,70<") == 1
    wrong = tmp_path / "executor-rows.html"
    wrong.write_text(page.replace(">6905,70<", ">6950,70<"), encoding="utf-8")
    document = document_dict(extract(wrong))
    mismatches = [w for w in document["warnings"] if w["code"] == "total_mismatch"]
    assert [(w["message"], w["where"]["row"]) for w in mismatches] == [
        ("the total row 'Разом:' for 'Обласний бюджет' states 6950700 UAH, the measures add up to 6905700 UAH", 7)
    ]
    statuses = {(t["label"], t["source"]): t["status"] for t in document["declared_totals"] if t["measure"] is None}
    assert statuses[("Разом:", OB)] == "mismatch" and statuses[("Разом:", None)] == "matched"


# --- The scan: the same table read through OCR ----------------------------------------


def test_scanned_grid_gives_the_same_money(extracted):
    """A 300 dpi image-only PDF of ``sources-3``: columns found by the same role inference, every amount the same."""
    scan = extracted("sources-3-scan", "pdf")
    expected = EXPECTED["sources-3"]
    assert any("OCR" in note for note in scan["source"]["notes"])
    assert records_of(scan) == expected["records"]
    assert declared_of(scan) == expected["declared"]
    assert [(t["year"], t["computed_uah"], t["declared_uah"]) for t in scan["totals"]] == expected["totals"]
    got = measures_of(scan)
    assert list(got) == list(expected["measures"])
    for measure_id, (section, parent, text, term, executors, sources, status) in expected["measures"].items():
        assert got[measure_id][:2] == (section, parent) and got[measure_id][3:] == (term, executors, sources, status)
        assert got[measure_id][2].replace("'", "’") == text  # OCR may read an apostrophe as a straight one
    assert {w["code"] for w in scan["warnings"]} <= {"ocr_low_confidence"}
