/// How PostgreSQL plans a prepared statement (its `plan_cache_mode`), chosen per statement by the planner.
package enum PlanCacheMode: Sendable, Hashable {
    /// PostgreSQL's own choice (`auto`): a plan per execution at first, a generic one if it estimates it no worse.
    case automatic
    /// One plan for every execution, made without the parameter values (`force_generic_plan`).
    case generic
}
