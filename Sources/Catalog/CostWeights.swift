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
