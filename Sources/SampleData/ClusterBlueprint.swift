/// A plausible sample cluster: where it lies, what it makes and how big it is.
///
/// Blueprints are built on real county industries (the `county_industry` reference table and other
/// well-known local specialities) so the sample province looks like Guizhou; the clusters themselves,
/// their recognitions and every figure about them are sample data.
struct ClusterBlueprint {
    /// County codes with each county's share of output in percent (sums to 100); the first is the applicant.
    let counties: [(code: String, share: Int)]
    /// Chinese name; nil means "<first county><industry>产业集群".
    let name: String?
    let nameEn: String?
    let industry: String
    let industryEn: String
    let base: String?
    let sector: Sector
    /// Output in the latest year, in 亿元 (100 million yuan).
    let output: Double

    init(_ counties: [(String, Int)], _ industry: String, _ industryEn: String, _ sector: Sector,
         base: String? = nil, output: Double, name: String? = nil, nameEn: String? = nil) {
        self.counties = counties.map { (code: $0.0, share: $0.1) }
        self.industry = industry
        self.industryEn = industryEn
        self.sector = sector
        self.base = base
        self.output = output
        self.name = name
        self.nameEn = nameEn
    }

    /// Forty-six sample clusters over all nine prefectures, unevenly (Zunyi and the south lead, Liupanshui
    /// trails). Order matters: the generator assigns lifecycles in this order (see `Lifecycle.plan`).
    static let all: [ClusterBlueprint] = [
        // Recognised in the 2023 round (10)
        .init([("520382", 100)], "酱香白酒", "sauce-aroma baijiu", .baijiu, base: "BAIJIU", output: 620),
        .init([("522702", 60), ("522725", 40)], "磷化工及新能源电池材料", "phosphorus chemicals and battery materials",
              .batteryMaterials, base: "BATTERY_MATERIALS", output: 210,
              name: "福泉—瓮安磷化工及新能源电池材料产业集群", nameEn: "Fuquan–Weng'an phosphorus chemicals and battery materials cluster"),
        .init([("520324", 100)], "吉他制造", "guitar making", .instruments, output: 48),
        .init([("522701", 100)], "都匀毛尖茶", "Duyun Maojian tea", .tea, base: "RESOURCE_PROCESSING", output: 36),
        .init([("520402", 55), ("520403", 45)], "航空航天装备制造", "aerospace equipment", .aviation,
              base: "INDUSTRIAL_BACKUP", output: 95,
              name: "安顺西秀—平坝航空航天装备制造产业集群", nameEn: "Anshun Xixiu–Pingba aerospace equipment cluster"),
        .init([("520521", 100)], "天麻精深加工", "gastrodia (tianma) processing", .herbal, base: "RESOURCE_PROCESSING", output: 22),
        .init([("520628", 100)], "锰系新材料", "manganese-based materials", .metallurgy, base: "BATTERY_MATERIALS", output: 58),
        .init([("522632", 100)], "米面制品", "rice and noodle products", .food, output: 18),
        .init([("520302", 70), ("520304", 30)], "辣椒加工", "chilli processing", .chili, base: "RESOURCE_PROCESSING", output: 75,
              name: "遵义红花岗—播州辣椒加工产业集群", nameEn: "Zunyi Honghuagang–Bozhou chilli processing cluster"),
        .init([("522302", 100)], "薏仁米加工", "Job's tears (yiren) processing", .food, output: 24),
        // Recognised in the 2024 round (10)
        .init([("520121", 65), ("520122", 35)], "磷化工", "phosphorus chemicals", .phosphorus, base: "RESOURCE_PROCESSING", output: 180,
              name: "开阳—息烽磷化工产业集群", nameEn: "Kaiyang–Xifeng phosphorus chemicals cluster"),
        .init([("520523", 100)], "酱香白酒", "sauce-aroma baijiu", .baijiu, base: "BAIJIU", output: 85),
        // Applicant is Guiding although Longli has the larger share: an Art. 13 inconsistency for the rules to find.
        .init([("522723", 45), ("522730", 55)], "刺梨精深加工", "roxburgh rose (cili) processing", .fruit, output: 30,
              name: "龙里—贵定刺梨精深加工产业集群", nameEn: "Longli–Guiding roxburgh rose processing cluster"),
        .init([("520115", 100)], "电子信息制造", "electronic information manufacturing", .electronics, base: "COMPUTING_POWER", output: 140),
        .init([("520201", 100)], "煤炭清洁高效利用", "clean and efficient use of coal", .coal, base: "COMPREHENSIVE_ENERGY", output: 160),
        .init([("522631", 100)], "生态茶", "ecological tea", .tea, output: 15),
        .init([("520181", 100)], "铝及铝加工", "aluminium and aluminium processing", .metallurgy, base: "RESOURCE_PROCESSING", output: 120),
        .init([("522636", 60), ("522634", 40)], "民族民间工艺品", "ethnic handicrafts", .crafts, output: 9,
              name: "丹寨—雷山民族民间工艺品产业集群", nameEn: "Danzhai–Leishan ethnic handicrafts cluster"),
        .init([("520626", 55), ("520624", 45)], "天麻及中药材", "tianma and Chinese medicinal herbs", .herbal, output: 16,
              name: "德江—思南天麻及中药材产业集群", nameEn: "Dejiang–Sinan tianma and medicinal herbs cluster"),
        .init([("520303", 100)], "汽车及零部件", "automotive parts", .equipment, base: "INDUSTRIAL_BACKUP", output: 66),
        // Recognised in the 2025 round (11)
        .init([("520381", 100)], "竹产业", "bamboo products", .wood, output: 28),
        .init([("520327", 100)], "锌硒茶", "zinc- and selenium-rich tea", .tea, output: 19),
        .init([("520123", 100)], "猕猴桃", "kiwifruit", .fruit, output: 12),
        .init([("520524", 100)], "竹荪", "bamboo fungus (zhusun)", .food, output: 11),
        .init([("522635", 100)], "蓝莓", "blueberries", .fruit, output: 10),
        .init([("520502", 100)], "新型建材", "new building materials", .buildingMaterials, base: "RESOURCE_PROCESSING", output: 54),
        .init([("520423", 100)], "蜂糖李", "honey plums (fengtangli)", .fruit, output: 8),
        .init([("522323", 100)], "古树红茶", "ancient-tree black tea", .tea, output: 9),
        .init([("522627", 100)], "重晶石精深加工", "barite processing", .metallurgy, base: "RESOURCE_PROCESSING", output: 26),
        .init([("520111", 100)], "新能源汽车零部件", "new-energy vehicle parts", .equipment, base: "BATTERY_MATERIALS", output: 72),
        .init([("520203", 100)], "煤层气及煤化工", "coalbed methane and coal chemicals", .coal, base: "COMPREHENSIVE_ENERGY", output: 64),
        // Rejected (3)
        .init([("522729", 100)], "绿壳鸡蛋", "green-shell eggs", .food, output: 6),
        .init([("520623", 100)], "苔茶", "Shiqian moss tea", .tea, output: 7),
        .init([("522732", 100)], "水族马尾绣", "Shui horsetail embroidery", .crafts, output: 3),
        // Applying in the 2026 round (4)
        .init([("520621", 100)], "抹茶", "matcha", .tea, output: 14),
        .init([("520323", 100)], "空心面及辣椒制品", "hollow noodles and chilli products", .chili, output: 17),
        .init([("522328", 100)], "食用菌", "edible fungi", .food, output: 13),
        .init([("522623", 100)], "太子参", "heterophylly falsestarwort root (taizishen)", .herbal, output: 7),
        // In the cultivation pool (8)
        .init([("520424", 100)], "关岭牛", "Guanling cattle", .food, output: 9),
        .init([("520425", 100)], "红芯红薯", "red-heart sweet potatoes", .food, output: 5),
        .init([("522728", 100)], "火龙果", "dragon fruit", .fruit, output: 6),
        .init([("522628", 100)], "林木精深加工", "timber processing", .wood, output: 12),
        .init([("520527", 100)], "半夏", "pinellia (banxia)", .herbal, output: 4),
        .init([("522325", 100)], "花椒", "Sichuan pepper (huajiao)", .chili, output: 6),
        .init([("520322", 100)], "方竹笋", "square-bamboo shoots", .food, output: 5),
        .init([("520525", 100)], "高山生态茶", "highland tea", .tea, output: 5),
    ]
}
