/// Every record sheet, in loading order (`RecordKind.allCases`).
public enum RecordSheets {
    public static let all: [RecordSheet] = [
        funds, clusters, clusterCounties, enterprises, qualifications, indicators, supportMeasures, incidents,
        applicationRounds, applications, recognitions, reviews, changeFilings, annualReports, monitoringChecks, misconductFindings, revocations,
    ]

    public static func sheet(_ kind: RecordKind) -> RecordSheet {
        // `all` holds every kind once (a test checks it).
        all.first { $0.kind == kind } ?? funds
    }

    // Column kinds used throughout.
    static let name = ColumnKind.text(maximumLength: 200)
    static let longText = ColumnKind.text(maximumLength: 4000)
    static let yuan = ColumnKind.decimal(precision: 20, scale: 2, minimum: 0)
    static let share = ColumnKind.decimal(precision: 5, scale: 4, minimum: 0)
    static let intensity = ColumnKind.decimal(precision: 12, scale: 4, minimum: 0)
    static let count = ColumnKind.integer(0...100_000_000)
    static let year = ColumnKind.integer(1949...2100)

    static let clusterKey = RecordColumn("cluster_code", "集群编号", .text(maximumLength: 40), .reference(.clusters, column: "cluster_id"),
                                        key: true, note: "“集群”表中的集群编号", en: "The cluster's code, as on the clusters sheet")
    static let creditKey = RecordColumn("credit_code", "统一社会信用代码", .creditCode, .reference(.enterprises, column: "enterprise_id"),
                                       key: true, note: "“企业”表中的统一社会信用代码", en: "The enterprise's unified social credit code, as on the enterprises sheet")

    static let funds = RecordSheet(
        kind: .funds, title: "资金", titleEnglish: "Funds", table: "fund",
        columns: [
            RecordColumn("fund_code", "资金编号", .text(maximumLength: 40), .column("code"), key: true),
            RecordColumn("name", "资金名称", name, .column("name"), required: true),
            RecordColumn("name_en", "英文名称", name, .column("name_en"), required: true),
            RecordColumn("kind", "资金类别", .code(.fundKind), .column("kind_code"), required: true),
            RecordColumn("managing_body", "管理单位", name, .column("managing_body")),
            RecordColumn("established_year", "设立年份", year, .column("established_year")),
            RecordColumn("size_yuan", "规模（元）", yuan, .column("size_yuan"), note: "无公开数字时留空", en: "Leave empty where no public figure exists"),
            RecordColumn("size_note", "规模说明", longText, .column("size_note"), required: true),
            RecordColumn("article", "依据条款", .text(maximumLength: 40), .column("article"), required: true, note: "如“第七条”", en: "e.g. Art. 7"),
            RecordColumn("source", "来源", longText, .column("source")),
        ],
        note: "省级资金及其他资金来源（第七至十条）。", noteEnglish: "Provincial funds and other sources of support (Art. 7-10).")

    static let clusters = RecordSheet(
        kind: .clusters, title: "集群", titleEnglish: "Clusters", table: "cluster",
        columns: [
            RecordColumn("cluster_code", "集群编号", .text(maximumLength: 40), .column("code"), key: true,
                         note: "本系统内稳定的集群编号，如 GZTS-520382-01", en: "A stable code for the cluster, e.g. GZTS-520382-01"),
            RecordColumn("name", "集群名称", name, .column("name"), required: true),
            RecordColumn("name_en", "英文名称", name, .column("name_en"), required: true),
            RecordColumn("leading_industry", "主导产业", name, .column("leading_industry"), required: true),
            RecordColumn("leading_industry_en", "主导产业（英文）", name, .column("leading_industry_en")),
            RecordColumn("industrial_base", "所属产业基地", .code(.industrialBase), .column("industrial_base_code")),
            RecordColumn("operating_body", "运营管理机构", name, .column("operating_body"), note: "第十一条第（八）项", en: "Art. 11(8)"),
            RecordColumn("applicant_county", "申报县（市、区）", .code(.county), .column("applicant_county_code"), required: true,
                         note: "GB/T 2260 代码或名称；跨县集群填产值占比最大的县（第十三条）",
                         en: "GB/T 2260 code or name; for a cross-county cluster the county with the largest share (Art. 13)"),
            RecordColumn("pool_entry_date", "入库日期", .day, .column("pool_entry_date"), note: "进入省级培育库的日期（第七条）", en: "Entry into the provincial pool (Art. 7)"),
            RecordColumn("energy_intensive", "高耗能行业", .boolean, .column("energy_intensive"), required: true, note: "是/否", en: "Yes/No"),
            RecordColumn("water_intensive", "高用水行业", .boolean, .column("water_intensive"), required: true, note: "是/否", en: "Yes/No"),
            RecordColumn("description", "集群简介", longText, .column("description")),
            RecordColumn("public_source", "公开来源", longText, .column("public_source"), note: "公开文件的网址或名称", en: "URL or title of a public document"),
        ],
        note: "每个集群一行。状态（培育、申报中、已认定……）由申报、认定、撤销记录推算，不在此填写。",
        noteEnglish: "One row per cluster. Its status (pool, applying, recognised, …) follows from the application, recognition and revocation sheets and is not entered here.", extraColumns: [.notSample, ExtraColumn("status_code", .constant("'CULTIVATING'"), onInsertOnly: true)])

    static let clusterCounties = RecordSheet(
        kind: .clusterCounties, title: "集群覆盖县", titleEnglish: "Cluster counties", table: "cluster_county",
        columns: [
            clusterKey,
            RecordColumn("county", "县（市、区）", .code(.county), .column("county_code"), key: true, note: "GB/T 2260 代码或名称", en: "GB/T 2260 code or name"),
            RecordColumn("output_share", "产值占比（%）", .decimal(precision: 5, scale: 2, minimum: 0), .column("output_share"), required: true,
                         note: "百分数，如 62.5；同一集群各县合计须为 100", en: "Percent, e.g. 62.5; a cluster's counties sum to 100"),
        ],
        note: "集群所在的县及各县产值占比（第十三条）。", noteEnglish: "The counties a cluster spans and each one's share of its output (Art. 13).")

    static let enterprises = RecordSheet(
        kind: .enterprises, title: "企业", titleEnglish: "Enterprises", table: "enterprise",
        columns: [
            RecordColumn("credit_code", "统一社会信用代码", .creditCode, .column("credit_code"), key: true,
                         note: "18 位，末位为校验码", en: "18 characters, the last a check character"),
            RecordColumn("name", "企业名称", name, .column("name"), required: true),
            RecordColumn("name_en", "英文名称", name, .column("name_en")),
            RecordColumn("county", "所在县（市、区）", .code(.county), .column("county_code"), required: true),
            RecordColumn("cluster_code", "所属集群编号", .text(maximumLength: 40), .reference(.clusters, column: "cluster_id"),
                         note: "不属于任何集群时留空", en: "Empty for an enterprise in no cluster"),
            RecordColumn("size", "企业规模", .code(.enterpriseSize), .column("size_code"), required: true),
            RecordColumn("in_leading_industry", "属于主导产业", .boolean, .column("in_leading_industry"), required: true),
            RecordColumn("is_leading_enterprise", "链主/龙头企业", .boolean, .column("is_leading_enterprise"), required: true),
            RecordColumn("founded_on", "成立日期", .day, .column("founded_on"), required: true),
            RecordColumn("employees", "从业人数", count, .column("employees")),
            RecordColumn("revenue", "营业收入（元）", yuan, .column("revenue")),
            RecordColumn("rd_expenditure", "研发投入（元）", yuan, .column("rd_expenditure")),
        ],
        note: "集群内外的企业，每户一行。", noteEnglish: "Enterprises, in a cluster or not, one row each.", extraColumns: [.notSample])

    static let qualifications = RecordSheet(
        kind: .qualifications, title: "企业称号", titleEnglish: "Titles", table: "qualification",
        columns: [
            creditKey,
            RecordColumn("kind", "称号类别", .code(.qualificationKind), .column("kind_code"), key: true),
            RecordColumn("level", "称号级别", .code(.qualificationLevel), .column("level_code"), key: true),
            RecordColumn("granted_on", "认定日期", .day, .column("granted_on"), key: true),
            RecordColumn("expires_on", "有效期至", .day, .column("expires_on"), note: "证书所载；空则按称号类别的有效期", en: "As on the certificate; empty: the kind's term"),
            RecordColumn("granting_body", "认定机关", name, .column("granting_body")),
            RecordColumn("certificate_no", "证书或文件编号", name, .column("certificate_no")),
            RecordColumn("withdrawn_on", "撤销日期", .day, .column("withdrawn_on")),
        ],
        note: "专精特新中小企业、“小巨人”、单项冠军等称号，每个称号一行。",
        noteEnglish: "Specialised-and-innovative SMEs, little giants, single-item champions and other titles, one row per title.")

    static let indicators = RecordSheet(
        kind: .indicators, title: "集群年度指标", titleEnglish: "Yearly indicators", table: "cluster_indicator",
        columns: [
            clusterKey,
            RecordColumn("year", "年度", year, .column("year"), key: true),
            RecordColumn("output_value", "集群总产值（元）", yuan, .column("output_value"), required: true),
            RecordColumn("sme_output_value", "中小企业产值（元）", yuan, .column("sme_output_value"), required: true),
            RecordColumn("leading_industry_output_value", "主导产业产值（元）", yuan, .column("leading_industry_output_value"), required: true),
            RecordColumn("sme_rd_expenditure", "中小企业研发投入（元）", yuan, .column("sme_rd_expenditure")),
            RecordColumn("sme_invention_patents", "中小企业发明专利数", count, .column("sme_invention_patents")),
            RecordColumn("local_supply_share", "本地配套率", share, .column("local_supply_share"), note: "小数，如 0.35 表示 35%", en: "A fraction: 0.35 is 35 %"),
            RecordColumn("cloud_adoption_rate", "上云率", share, .column("cloud_adoption_rate"), note: "小数", en: "A fraction"),
            RecordColumn("industrial_software_rate", "工业软件普及率", share, .column("industrial_software_rate"), note: "小数", en: "A fraction"),
            RecordColumn("co2_intensity", "单位产值二氧化碳排放", intensity, .column("co2_intensity")),
            RecordColumn("energy_intensity", "单位产值能耗", intensity, .column("energy_intensity")),
            RecordColumn("energy_intensity_benchmark", "能耗行业基准值", intensity, .column("energy_intensity_benchmark")),
            RecordColumn("water_intensity", "单位产值用水量", intensity, .column("water_intensity")),
            RecordColumn("water_intensity_benchmark", "用水行业基准值", intensity, .column("water_intensity_benchmark")),
            RecordColumn("export_value", "出口额（元）", yuan, .column("export_value")),
            RecordColumn("international_activities", "国际交流合作活动数", count, .column("international_activities")),
            RecordColumn("overseas_branches", "境外分支机构数", count, .column("overseas_branches")),
            RecordColumn("service_platforms", "公共服务平台数", count, .column("service_platforms")),
            RecordColumn("enterprise_count", "企业数", count, .column("enterprise_count"), required: true),
            RecordColumn("sme_count", "中小企业数", count, .column("sme_count"), required: true),
            RecordColumn("above_scale_count", "规上企业数", count, .column("above_scale_count")),
            RecordColumn("employees", "从业人数", count, .column("employees")),
        ],
        note: "每个集群每年一行，第十一条各项条件据此判断。", noteEnglish: "One row per cluster and year; the conditions of Art. 11 are judged on them.")

    static let supportMeasures = RecordSheet(
        kind: .supportMeasures, title: "支持措施", titleEnglish: "Support measures", table: "support_measure",
        columns: [
            clusterKey,
            RecordColumn("measure_no", "项目编号", .text(maximumLength: 80), .column("measure_no"), key: true,
                         note: "项目编号或批复文号，在同一集群内唯一", en: "Project or approval number, unique within the cluster"),
            RecordColumn("year", "年度", year, .column("year"), required: true),
            RecordColumn("title", "措施名称", name, .column("title"), required: true),
            RecordColumn("fund_code", "资金编号", .text(maximumLength: 40), .reference(.funds, column: "fund_code"),
                         note: "“资金”表中的编号；非资金支持留空", en: "A fund's code; empty for support that is not money"),
            RecordColumn("provider", "提供方", name, .column("provider")),
            RecordColumn("granting_level", "支持层级", .code(.grantingLevel), .column("granting_level_code"), required: true),
            RecordColumn("kind", "支持方式", .code(.supportKind), .column("kind_code"), required: true),
            RecordColumn("direction", "支持方向", .code(.supportDirection), .column("direction_code"), required: true),
            RecordColumn("amount_yuan", "金额（元）", yuan, .column("amount_yuan"), note: "精确到分", en: "Exact, to the fen"),
            RecordColumn("approved_on", "批准日期", .day, .column("approved_on")),
            RecordColumn("note", "备注", longText, .column("note")),
        ],
        note: "资金、政策等支持措施（第七至十条），以项目编号区分。",
        noteEnglish: "Support measures (Art. 7-10), each known by its project number.", extraColumns: [.notSample])

    static let applicationRounds = RecordSheet(
        kind: .applicationRounds, title: "申报批次", titleEnglish: "Application rounds", table: "application_round",
        columns: [
            RecordColumn("year", "年度", .integer(2015...2100), .column("year"), key: true),
            RecordColumn("call_title", "申报通知", longText, .column("call_title"), required: true),
            RecordColumn("call_issued_on", "通知日期", .day, .column("call_issued_on"), required: true),
            RecordColumn("deadline", "截止日期", .day, .column("deadline"), required: true),
            RecordColumn("standard", "认定标准", .code(.recognitionStandard), .column("standard_code"), required: true),
            RecordColumn("note", "备注", longText, .column("note")),
        ],
        note: "每年的申报通知（第十二条）。", noteEnglish: "Each year's call for applications (Art. 12).", extraColumns: [.notSample])

    static let incidents = RecordSheet(
        kind: .incidents, title: "企业事件", titleEnglish: "Incidents", table: "incident",
        columns: [
            creditKey,
            RecordColumn("occurred_on", "发生日期", .day, .column("occurred_on"), key: true),
            RecordColumn("kind", "事件类别", .code(.incidentKind), .column("kind_code"), key: true),
            RecordColumn("grade", "事件等级", .code(.incidentGrade), .column("grade_code")),
            RecordColumn("determined_by", "认定机关", name, .column("determined_by")),
            RecordColumn("description", "事件描述", longText, .column("description"), required: true),
            RecordColumn("source", "来源", longText, .column("source")),
        ],
        note: "安全、环保、质量等事件（第十一条末段、第十九条第（五）项）。",
        noteEnglish: "Safety, environmental, quality and other incidents (Art. 11, last paragraph; Art. 19(5)).")

    static let applications = RecordSheet(
        kind: .applications, title: "申报", titleEnglish: "Applications", table: "application",
        columns: [
            clusterKey,
            RecordColumn("round_year", "申报年度", year, .column("round_year"), key: true),
            RecordColumn("applicant_county", "申报县（市、区）", .code(.county), .column("applicant_county_code"), required: true),
            RecordColumn("submitted_on", "申报日期", .day, .column("submitted_on"), required: true),
            RecordColumn("first_review_on", "初审日期", .day, .column("first_review_on")),
            RecordColumn("first_review_by", "初审单位", name, .column("first_review_by")),
            RecordColumn("site_check_on", "实地核查日期", .day, .column("site_check_on")),
            RecordColumn("recommended_on", "推荐日期", .day, .column("recommended_on")),
            RecordColumn("provincial_review_on", "省级评审日期", .day, .column("provincial_review_on")),
            RecordColumn("provincial_review_by", "省级评审单位", name, .column("provincial_review_by"), required: true),
            RecordColumn("spot_check_on", "抽查日期", .day, .column("spot_check_on")),
            RecordColumn("public_notice_from", "公示开始", .day, .column("public_notice_from")),
            RecordColumn("public_notice_to", "公示结束", .day, .column("public_notice_to")),
            RecordColumn("decided_on", "决定日期", .day, .column("decided_on")),
            RecordColumn("outcome", "结果", .code(.applicationOutcome), .column("outcome_code"), required: true),
            RecordColumn("rejection_reason", "未通过原因", longText, .column("rejection_reason")),
        ],
        note: "申报及其各环节日期（第十二至十五条），各环节须按顺序。",
        noteEnglish: "Applications and the day of each stage (Art. 12-15); the stages come in order.", extraColumns: [ExtraColumn("prefecture_code", .prefectureOfCounty(column: "applicant_county"))])

    static let recognitions = RecordSheet(
        kind: .recognitions, title: "认定", titleEnglish: "Recognitions", table: "recognition",
        columns: [
            clusterKey,
            RecordColumn("recognized_on", "认定日期", .day, .column("recognized_on"), key: true),
            RecordColumn("validity_years", "有效期（年）", .integer(1...10), .column("validity_years"), required: true, note: "一般为 3（第十六条）", en: "Usually 3 (Art. 16)"),
            RecordColumn("application_round_year", "所据申报年度", year, .clusterRecord(.applications, column: "application_id"),
                         note: "据以认定的申报（同一集群）；复核认定留空", en: "The application it follows (same cluster); empty after a re-review"),
            RecordColumn("review_requested_on", "所据复核申请日期", .day, .clusterRecord(.reviews, column: "review_id"),
                         note: "据以重新认定的复核（同一集群）", en: "The re-review it follows (same cluster)"),
            RecordColumn("notice_no", "文件编号", name, .column("notice_no")),
        ],
        note: "认定及其有效期；有效期止日由认定日期和年限推算。",
        noteEnglish: "Recognitions and their terms; the last valid day follows from the day and the years.")

    static let reviews = RecordSheet(
        kind: .reviews, title: "复核", titleEnglish: "Re-reviews", table: "review",
        columns: [
            clusterKey,
            RecordColumn("requested_on", "复核申请日期", .day, .column("requested_on"), key: true),
            RecordColumn("recognition_recognized_on", "所复核认定的日期", .day, .clusterRecord(.recognitions, column: "recognition_id"), required: true,
                         note: "被复核的认定（同一集群）的认定日期", en: "The day of the recognition under review (same cluster)"),
            RecordColumn("prefecture", "市（州）", .code(.prefecture), .column("prefecture_code"), required: true),
            RecordColumn("decided_on", "决定日期", .day, .column("decided_on")),
            RecordColumn("outcome", "结果", .code(.applicationOutcome), .column("outcome_code"), required: true),
            RecordColumn("note", "备注", longText, .column("note")),
        ],
        note: "有效期满前的复核（第十六条）。", noteEnglish: "Re-reviews before a recognition expires (Art. 16).")

    static let changeFilings = RecordSheet(
        kind: .changeFilings, title: "变更报备", titleEnglish: "Change filings", table: "change_filing",
        columns: [
            clusterKey,
            RecordColumn("change_kind", "变更事项", .code(.changeKind), .column("change_kind_code"), key: true),
            RecordColumn("changed_on", "变更日期", .day, .column("changed_on"), key: true),
            RecordColumn("filed_on", "报备日期", .day, .column("filed_on"), note: "未报备留空；期限为变更后一个月（第十七条）",
                         en: "Empty if not filed; due one month after the change (Art. 17)"),
            RecordColumn("old_value", "变更前", longText, .column("old_value")),
            RecordColumn("new_value", "变更后", longText, .column("new_value")),
            RecordColumn("description", "说明", longText, .column("description")),
        ],
        note: "重大事项变更及其报备（第十七条）。", noteEnglish: "Major changes and their filing (Art. 17).")

    static let annualReports = RecordSheet(
        kind: .annualReports, title: "年度报告", titleEnglish: "Annual reports", table: "annual_report",
        columns: [
            clusterKey,
            RecordColumn("year", "报告年度", year, .column("year"), key: true),
            RecordColumn("prefecture", "报送市（州）", .code(.prefecture), .column("prefecture_code"), required: true),
            RecordColumn("submitted_on", "报送日期", .day, .column("submitted_on"), required: true, note: "期限为次年 3 月 10 日（第十八条）", en: "Due 10 March of the next year (Art. 18)"),
            RecordColumn("summary", "摘要", longText, .column("summary")),
        ],
        note: "集群年度发展情况报告（第十八条）。", noteEnglish: "Yearly development reports (Art. 18).")

    static let monitoringChecks = RecordSheet(
        kind: .monitoringChecks, title: "监测", titleEnglish: "Monitoring checks", table: "monitoring_check",
        columns: [
            clusterKey,
            RecordColumn("checked_on", "监测日期", .day, .column("checked_on"), key: true),
            RecordColumn("checked_by", "监测单位", name, .column("checked_by"), key: true),
            RecordColumn("cooperated", "是否配合", .boolean, .column("cooperated"), required: true),
            RecordColumn("finding", "监测结论", longText, .column("finding")),
        ],
        note: "动态监测（第五条、第十九条第（三）项）。", noteEnglish: "Monitoring (Art. 5; Art. 19(3)).")

    static let misconductFindings = RecordSheet(
        kind: .misconductFindings, title: "违规认定", titleEnglish: "Misconduct findings", table: "misconduct_finding",
        columns: [
            clusterKey,
            RecordColumn("found_on", "认定日期", .day, .column("found_on"), key: true),
            RecordColumn("found_by", "认定机关", name, .column("found_by"), key: true),
            RecordColumn("application_round_year", "涉及申报年度", year, .clusterRecord(.applications, column: "application_id")),
            RecordColumn("description", "情况", longText, .column("description"), required: true),
            RecordColumn("source", "来源", longText, .column("source")),
        ],
        note: "弄虚作假、违法违规的认定（第十九条第（二）项）。", noteEnglish: "Findings of false applications or illegal conduct (Art. 19(2)).")

    static let revocations = RecordSheet(
        kind: .revocations, title: "撤销", titleEnglish: "Revocations", table: "revocation",
        columns: [
            clusterKey,
            RecordColumn("recognition_recognized_on", "被撤销认定的日期", .day, .clusterRecord(.recognitions, column: "recognition_id"), key: true,
                         note: "被撤销的认定（同一集群）的认定日期", en: "The day of the recognition revoked (same cluster)"),
            RecordColumn("ground", "撤销情形", .code(.revocationGround), .column("ground_code"), required: true),
            RecordColumn("revoked_on", "撤销日期", .day, .column("revoked_on"), required: true, note: "须在有效期内", en: "Within the recognition's term"),
            RecordColumn("notice_no", "文件编号", name, .column("notice_no")),
            RecordColumn("note", "备注", longText, .column("note")),
        ],
        note: "撤销认定（第十九条）。", noteEnglish: "Revocations (Art. 19).")
}
