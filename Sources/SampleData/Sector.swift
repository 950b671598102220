/// The kind of industry a sample cluster is in. It decides how its enterprises are named, which
/// quality tiers are plausible for them (Art. 11(2)), its output scale and its energy and water profile
/// (Art. 11(6)).
enum Sector: CaseIterable {
    case baijiu, tea, chili, food, fruit, herbal, pharma, instruments, phosphorus, batteryMaterials
    case equipment, aviation, electronics, buildingMaterials, metallurgy, coal, crafts, wood

    /// Middle words of enterprise names (…县 + word + 有限公司).
    var nameWords: [String] {
        switch self {
        case .baijiu: return ["酒业", "酱酒", "酿酒", "酒厂", "窖酒", "酒业包装", "高粱种植", "酒类销售"]
        case .tea: return ["茶业", "茶叶", "生态茶园", "茶叶加工", "红茶", "绿茶", "茶旅"]
        case .chili: return ["辣椒食品", "辣椒制品", "椒业", "调味品", "农产品加工", "火锅底料"]
        case .food: return ["食品", "农业开发", "生态农业", "粮油", "食品加工", "农产品", "特色食品"]
        case .fruit: return ["果业", "生物科技", "饮品", "果蔬加工", "农业科技", "生态农业"]
        case .herbal: return ["中药材", "天麻", "生物科技", "药业", "中药饮片", "种植专业"]
        case .pharma: return ["制药", "药业", "生物医药", "医疗器械", "中成药", "健康产业"]
        case .instruments: return ["乐器", "吉他", "音响", "木业", "乐器配件", "琴弦"]
        case .phosphorus: return ["磷化工", "化工", "磷业", "精细化工", "磷石膏综合利用", "新材料"]
        case .batteryMaterials: return ["新能源材料", "锂电材料", "电池材料", "新材料", "储能科技", "磷酸铁"]
        case .equipment: return ["机械", "装备制造", "智能装备", "精密机械", "汽车零部件", "液压"]
        case .aviation: return ["航空零部件", "航空科技", "精密制造", "航空装备", "表面处理", "复合材料"]
        case .electronics: return ["电子", "信息技术", "智能终端", "数据科技", "电子元件", "软件"]
        case .buildingMaterials: return ["建材", "新型建材", "装配式建筑", "砂石", "水泥制品", "墙材"]
        case .metallurgy: return ["冶金", "新材料", "合金", "矿业", "铝业", "锰业"]
        case .coal: return ["能源", "煤业", "煤机", "洁净能源", "矿山设备", "电力"]
        case .crafts: return ["民族工艺", "蜡染", "苗绣", "银饰", "文化创意", "服饰"]
        case .wood: return ["竹业", "木业", "家具", "林产品", "竹木制品", "人造板"]
        }
    }

    /// Whether agricultural-industrialisation leading-enterprise titles are plausible here.
    var isAgricultural: Bool {
        switch self {
        case .tea, .chili, .food, .fruit, .herbal, .wood: return true
        default: return false
        }
    }

    /// Whether China time-honoured brands are plausible here.
    var hasTimeHonoredBrands: Bool {
        switch self {
        case .baijiu, .tea, .chili, .pharma, .crafts: return true
        default: return false
        }
    }

    /// Whether manufacturing single-item champions are plausible here.
    var isManufacturing: Bool {
        switch self {
        case .phosphorus, .batteryMaterials, .equipment, .aviation, .electronics, .metallurgy, .instruments,
             .buildingMaterials, .coal, .pharma:
            return true
        default: return false
        }
    }

    var isEnergyIntensive: Bool {
        switch self {
        case .phosphorus, .metallurgy, .buildingMaterials, .coal, .batteryMaterials: return true
        default: return false
        }
    }

    var isWaterIntensive: Bool {
        switch self {
        case .baijiu, .phosphorus, .batteryMaterials, .pharma: return true
        default: return false
        }
    }

    /// Typical sector benchmarks (tonnes of standard coal and cubic metres per 10,000 yuan); sample figures.
    var energyBenchmark: Double { isEnergyIntensive ? 1.2 : 0.35 }
    var waterBenchmark: Double { isWaterIntensive ? 18 : 6 }

    /// Typical exporting share of output.
    var exportShare: ClosedRange<Double> {
        switch self {
        case .instruments: return 0.25...0.45
        case .tea, .chili, .electronics, .batteryMaterials, .phosphorus: return 0.03...0.12
        case .crafts: return 0.05...0.15
        default: return 0.0...0.04
        }
    }
}
