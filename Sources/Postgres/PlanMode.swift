/// The `plan_cache_mode` a prepared statement runs under: how PostgreSQL plans it (see the planner's choice per
/// statement shape). A session keeps its mode between statements, so it is switched only when it changes.
public enum PlanMode: Sendable, Hashable {
    /// PostgreSQL's own choice (`auto`, the server's default).
    case automatic
    /// One plan without the values, for every execution (`force_generic_plan`).
    case generic
    /// A plan with the values, for every execution (`force_custom_plan`).
    case perExecution

    /// The setting's value.
    public var setting: String {
        switch self {
        case .automatic: "auto"
        case .generic: "force_generic_plan"
        case .perExecution: "force_custom_plan"
        }
    }
}
