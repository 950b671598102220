import Postgres

/// What a rule of the database says, in Chinese, when it refuses a row of an import: the database's own message is
/// English (and names internal ids); an official reads the rule here, by the constraint's name, with its article.
enum RefusalMessages {
    /// The rules of the measures the database enforces row by row, by constraint name.
    static let byConstraint: [String: String] = [
        "application_submitted_in_round_year": "申报日期须在申报年度之内（第十二条）",
        "application_first_review_after_submission": "初审日期不能早于申报日期（第十四条）",
        "application_site_check_after_first_review": "实地核查日期不能早于初审日期（第十四条）",
        "application_recommended_after_review": "推荐日期不能早于初审或实地核查日期（第十四条）",
        "application_recommended_after_first_review": "市（州）只推荐已受理并初审的申报（第十四条）",
        "application_provincial_review_after_recommendation": "省级评审日期不能早于推荐日期（第十五条）",
        "application_provincial_review_needs_recommendation": "省级只评审市（州）已推荐的申报（第十五条）",
        "application_spot_check_after_recommendation": "抽查日期不能早于推荐日期（第十五条）",
        "application_notice_after_provincial_review": "公示不能早于省级评审（第十五条）",
        "application_notice_needs_provincial_review": "公示的须是省级已评审的申报（第十五条）",
        "application_notice_period": "公示结束日期不能早于开始日期",
        "application_notice_has_end": "公示须有开始和结束日期",
        "application_decided_last": "决定日期须在各环节之后（第十五条）",
        "application_outcome_dated": "已有结果的申报须有决定日期，待定的不能有",
        "application_approval_after_notice": "批准须在公示之后（第十五条）",
        "application_approved_after_every_stage": "批准须经初审、推荐、省级评审和公示，并在公示无异议后作出（第十四、十五条）",
        "review_after_validity": "复核须在认定有效期满后申请（第十六条）",
        "review_through_cluster_prefecture": "复核须经集群所在市（州）申请（第十六条）",
        "review_of_unrevoked_recognition": "已撤销的认定不能复核，集群须重新申报（第十六、十九条）",
        "review_decided_after_request": "复核决定日期不能早于申请日期",
        "review_outcome_dated": "已有结果的复核须有决定日期，待定的不能有",
        "revocation_within_validity": "撤销须在认定有效期内（第十九条）",
        "revocation_before_review": "认定已经复核，撤销须早于复核",
        "enterprise_county_in_cluster": "企业所在县须是其所属集群的所在县之一（第二条）",
        "enterprise_credit_code_valid": "统一社会信用代码不合 GB 32100-2015",
        "incident_grade_required": "此类事件须填写等级",
        "incident_grade_not_applicable": "此类事件不分等级，等级须留空",
        "support_measure_amount_required": "资金类支持须填写金额",
        "support_measure_amount_not_applicable": "非资金类支持不填金额",
        "annual_report_after_year_start": "年度报告须在报告年度开始之后报送（第十八条）",
        "recognition_has_one_basis": "认定须依据一次申报或一次复核，二者选一",
        "recognition_validity_years_check": "有效期须为 1 到 10 年",
    ]

    /// The Chinese for a refusal: the rule by its constraint's name, else by the kind of error.
    static func chinese(for error: PostgresError) -> String {
        guard case .server(let server) = error else { return "数据库拒绝此行" }
        if let name = server.constraint, let text = byConstraint[name] { return text }
        switch server.sqlState.rawValue {
        case "23503": return "引用的记录不存在（\(server.constraint ?? "外键")）"
        case "23505": return "与已有记录重复（\(server.constraint ?? "唯一约束")）"
        case "23502": return "缺少必填的值"
        case "23514": return "数值不符合规则（\(server.constraint ?? "检查约束")）"
        case "22003", "22P02", "22007", "22008": return "数值超出范围或格式不对"
        default: return "数据库拒绝此行" + (server.constraint.map { "（\($0)）" } ?? "")
        }
    }
}
