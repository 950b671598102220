/// What each policy-rule function costs per owner row, in cost units: one unit is the database time of one
/// plain list item (a cluster's code and name as JSON, 2.7 µs at scale 1). Measured by
/// `scripts/calibrate-cost` at scales 1 and 100, the larger of the two, rounded up; docs/cost-model.md has the
/// run. Rerun it when a rule's SQL changes.
public enum CostWeights {
    /// `Cluster.eligibility`: the eight conditions of a standard with their figures and incidents.
    public static let eligibility = 156
    /// `EligibilityEvaluation.conditions`, on top of the evaluation.
    public static let eligibilityConditions = 62
    /// `ConditionEvaluation.figures`, per condition.
    public static let eligibilityFigures = 70
    /// `EligibilityEvaluation.disqualifyingIncidents`.
    public static let disqualifyingIncidents = 11
    /// `Cluster.revocationRisks` and `revocationRiskCount`.
    public static let revocationRisks = 66
    /// `Cluster.reportingCompliance`.
    public static let annualReports = 8
}

/// What reading every candidate row of a table costs, in cost units per thousand rows (a row costs far less
/// than a unit). Charged by the table's row count (``TableRows``), not by page sizes: a filter, a total, an
/// aggregate, a group or a distribution reads every row that could match, however few it returns. Measured
/// by `scripts/calibrate-cost` at scale 100 (docs/cost-model.md).
public enum ScanWeights {
    /// A filter, `totalCount` or `aggregate` reading one candidate row.
    public static let scannedRow = 18
    /// A row skipped by `offset`: numbered in order and passed over before the page starts.
    public static let skippedRow = 250
    /// A group (`…Groups`) placing one row in its group by plain dimensions, with its aggregates.
    public static let groupedRow = 15
    /// A group dimension looked up in another table per row (`PREFECTURE`: the county's prefecture), joined on
    /// that table's key: 31 against 15 ms for grouping 303,700 enterprises by it or by a plain column at scale 100
    /// (2026-12-05; 1,360 while it was a correlated subquery per row, 1.09 s).
    public static let lookedUpDimension = 20
    /// `QUALIFICATION_KIND` as a group dimension: the titles valid on the day, per enterprise.
    public static let qualificationKindDimension = 430
    /// `STATUS` as a group dimension: the status on the day, per cluster.
    public static let statusDimension = 420
    /// `distribution`, per enterprise (it reads clusters, enterprises, titles, indicators and support; the
    /// enterprises are by far the most).
    public static let distribution = 90
    /// `targetProgress`, per cluster.
    public static let targetProgress = 330
    /// A support total (`supportByYear`, …), per support measure read.
    public static let supportTotal = 280
}
