/// A list of codes a column takes its values from, kept in a lookup table of the database (the migrations fill
/// them: GB/T 2260 divisions, the vocabularies of the measures). The template's reference sheet lists each; an
/// import accepts a code, or its Chinese or English name, and stores the code.
public enum CodeList: String, Sendable, CaseIterable {
    case prefecture
    case county
    case industrialBase = "industrial_base"
    case enterpriseSize = "enterprise_size"
    case qualificationKind = "qualification_kind"
    case qualificationLevel = "qualification_level"
    case fundKind = "fund_kind"
    case grantingLevel = "granting_level"
    case supportKind = "support_kind"
    case supportDirection = "support_direction"
    case incidentKind = "incident_kind"
    case incidentGrade = "incident_grade"
    case applicationOutcome = "application_outcome"
    case changeKind = "change_kind"
    case revocationGround = "revocation_ground"
    case recognitionStandard = "recognition_standard"

    /// The lookup table (also the list's name on the reference sheet).
    public var table: String { rawValue }

    /// The list's Chinese and English titles on the reference sheet.
    public var title: (chinese: String, english: String) {
        switch self {
        case .prefecture: return ("市（州）", "Prefectures (GB/T 2260)")
        case .county: return ("县（市、区）", "Counties (GB/T 2260)")
        case .industrialBase: return ("产业基地", "Industrial bases")
        case .enterpriseSize: return ("企业规模", "Enterprise sizes")
        case .qualificationKind: return ("称号类别", "Title kinds")
        case .qualificationLevel: return ("称号级别", "Title levels")
        case .fundKind: return ("资金类别", "Fund kinds")
        case .grantingLevel: return ("支持层级", "Granting levels")
        case .supportKind: return ("支持方式", "Support kinds")
        case .supportDirection: return ("支持方向", "Support directions")
        case .incidentKind: return ("事件类别", "Incident kinds")
        case .incidentGrade: return ("事件等级", "Incident grades")
        case .applicationOutcome: return ("申报结果", "Application outcomes")
        case .changeKind: return ("变更事项", "Kinds of change")
        case .revocationGround: return ("撤销情形", "Revocation grounds")
        case .recognitionStandard: return ("认定标准", "Recognition standards")
        }
    }

    /// The column naming each code's parent, where codes nest (a county's prefecture).
    var parentColumn: String? { self == .county ? "prefecture_code" : nil }

    /// The column of the English name, where the table has one.
    var englishNameColumn: String? { self == .recognitionStandard ? nil : "name_en" }

    /// The order codes are listed in.
    var orderColumn: String {
        switch self {
        case .prefecture, .county: return "code"
        case .revocationGround: return "item"
        case .recognitionStandard: return "effective_year"
        default: return "rank"
        }
    }
}
