/// The policy's rules as rows of set-returning SQL functions (migration 0010): the reports a cluster owes
/// (Art. 18), its eligibility under a recognition standard (Art. 11) and the revocation grounds triggered for
/// its recognition (Art. 19). These types have no table and no global id; `table` names the function.
extension Catalog {
    static let policyRuleEntities: [Entity] = [
        annualReportStatus, eligibilityEvaluation, conditionEvaluation, conditionFigure, revocationRisk,
    ]

    /// The fields `Cluster` gets from these functions.
    static let clusterRuleFields: [String: EntityField] = [
        "reportingCompliance": .derived(DerivedRows(
            target: "AnnualReportStatus", source: "cluster_annual_reports({t}.id, {asOf})", cost: CostWeights.annualReports)),
        "eligibility": .derived(DerivedRows(
            target: "EligibilityEvaluation", source: "cluster_eligibility({t}.id, {arg:standard}, {arg:year}, {asOf})",
            single: true, arguments: [DerivedArgument("standard", "text"), DerivedArgument("year", "integer", range: 2000...2100)],
            cost: CostWeights.eligibility)),
        "revocationRisks": .derived(DerivedRows(
            target: "RevocationRisk", source: "cluster_revocation_risks({t}.id, {asOf})", cost: CostWeights.revocationRisks)),
        "revocationRiskCount": .value(ValueField(.template(
            "(SELECT count(*)::int FROM cluster_revocation_risks({t}.id, {asOf}) sub_rr)"), .int, cost: CostWeights.revocationRisks)),
    ]

    /// Enums of these types whose values are the functions' own words rather than a lookup table's codes.
    static let policyRuleEnums: [String: String] = [
        "ReportStatus": "",
        "RecognitionCondition": "recognition_condition",
        "EligibilityMeasure": "eligibility_measure",
        "ConditionOutcome": "",
        "FigureComparison": "",
        "ThresholdBasis": "",
    ]

    private static let annualReportStatus = Entity(
        typeName: "AnnualReportStatus",
        table: "cluster_annual_reports",
        key: [],
        fields: [
            "year": .value(ValueField(.column("year"), .int)),
            "dueOn": .value(ValueField(.column("due_on"), .date)),
            "submittedOn": .value(ValueField(.column("submitted_on"), .date, nullable: true)),
            "status": .value(ValueField(.column("status"), .enumeration("ReportStatus"))),
            "daysLate": .value(ValueField(.column("days_late"), .int, nullable: true)),
            "report": .object(Relation(target: "AnnualReport", condition: "{r}.id = {t}.report_id", nullable: true)),
        ],
        computed: true
    )

    private static let eligibilityEvaluation = Entity(
        typeName: "EligibilityEvaluation",
        table: "cluster_eligibility",
        key: [],
        fields: [
            "cluster": .object(Relation(target: "Cluster", condition: "{r}.id = {t}.cluster_id")),
            "standard": .object(Relation(target: "RecognitionStandard", condition: "{r}.code = {t}.standard_code")),
            "year": .value(ValueField(.column("evaluation_year"), .int)),
            "evaluatedOn": .value(ValueField(.column("evaluated_on"), .date)),
            "lookbackYears": .value(ValueField(.column("lookback_years"), .int)),
            "outcome": .value(ValueField(.column("outcome"), .enumeration("ConditionOutcome"))),
            "eligible": .value(ValueField(.column("eligible"), .boolean)),
            "conditionsMet": .value(ValueField(.column("conditions_met"), .int)),
            "disqualifyingIncidentCount": .value(ValueField(.column("incident_count"), .int)),
            "explanation": .value(ValueField(.column("explanation"), .string)),
            "explanationEn": .value(ValueField(.column("explanation_en"), .string)),
            "conditions": .derived(DerivedRows(
                target: "ConditionEvaluation",
                source: "cluster_eligibility_conditions({t}.cluster_id, {t}.standard_code, {t}.evaluation_year, {t}.evaluated_on)",
                cost: CostWeights.eligibilityConditions)),
            "disqualifyingIncidents": .derived(DerivedRows(
                target: "Incident",
                source: "cluster_disqualifying_incidents({t}.cluster_id, {t}.evaluated_on, {t}.lookback_years)",
                cost: CostWeights.disqualifyingIncidents)),
        ],
        computed: true
    )

    private static let conditionEvaluation = Entity(
        typeName: "ConditionEvaluation",
        table: "cluster_eligibility_conditions",
        key: [],
        fields: [
            "item": .value(ValueField(.column("item"), .int)),
            "condition": .value(ValueField(.column("condition_code"), .enumeration("RecognitionCondition"))),
            "outcome": .value(ValueField(.column("outcome"), .enumeration("ConditionOutcome"))),
            "explanation": .value(ValueField(.column("explanation"), .string)),
            "explanationEn": .value(ValueField(.column("explanation_en"), .string)),
            "figures": .derived(DerivedRows(
                target: "ConditionFigure",
                source: "cluster_eligibility_figures({t}.cluster_id, {t}.standard_code, {t}.evaluation_year, {t}.evaluated_on)",
                link: "{r}.item = {t}.item", cost: CostWeights.eligibilityFigures)),
        ],
        computed: true
    )

    private static let conditionFigure = Entity(
        typeName: "ConditionFigure",
        table: "cluster_eligibility_figures",
        key: [],
        fields: [
            "measure": .value(ValueField(.column("measure"), .enumeration("EligibilityMeasure"))),
            "year": .value(ValueField(.column("year"), .int, nullable: true)),
            "value": .value(ValueField(.column("value"), .decimal, nullable: true)),
            "threshold": .value(ValueField(.column("threshold"), .decimal, nullable: true)),
            "comparison": .value(ValueField(.column("comparison"), .enumeration("FigureComparison"))),
            "basis": .value(ValueField(.column("basis"), .enumeration("ThresholdBasis"))),
            "met": .value(ValueField(.column("met"), .boolean, nullable: true)),
            "explanation": .value(ValueField(.column("explanation"), .string)),
            "explanationEn": .value(ValueField(.column("explanation_en"), .string)),
        ],
        computed: true
    )

    private static let revocationRisk = Entity(
        typeName: "RevocationRisk",
        table: "cluster_revocation_risks",
        key: [],
        fields: [
            "ground": .value(ValueField(.column("ground_code"), .enumeration("RevocationGround"))),
            "item": .value(ValueField(.column("item"), .int)),
            "since": .value(ValueField(.column("since"), .date, nullable: true)),
            "evidence": .value(ValueField(.column("evidence"), .string, provinceWideText: true)),
            "evidenceEn": .value(ValueField(.column("evidence_en"), .string, provinceWideText: true)),
            "recognition": .object(Relation(target: "Recognition", condition: "{r}.id = {t}.recognition_id")),
            "standard": .object(Relation(target: "RecognitionStandard", condition: "{r}.code = {t}.standard_code", nullable: true)),
            "reportYear": .value(ValueField(.column("report_year"), .int, nullable: true)),
            "incident": .object(Relation(target: "Incident", condition: "{r}.id = {t}.incident_id", nullable: true)),
            "changeFiling": .object(Relation(target: "ChangeFiling", condition: "{r}.id = {t}.change_filing_id", nullable: true)),
            "monitoringCheck": .object(Relation(target: "MonitoringCheck", condition: "{r}.id = {t}.monitoring_check_id", nullable: true)),
            "finding": .object(Relation(target: "MisconductFinding", condition: "{r}.id = {t}.finding_id", nullable: true)),
        ],
        computed: true
    )
}
