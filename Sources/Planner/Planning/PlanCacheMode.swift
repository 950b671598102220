/// How PostgreSQL plans a prepared statement (its `plan_cache_mode`), chosen per statement by the planner.
package enum PlanCacheMode: Sendable, Hashable {
    /// PostgreSQL's own choice (`auto`): a plan per execution at first, a generic one if it estimates it no worse.
    case automatic
    /// One plan for every execution, made without the parameter values (`force_generic_plan`).
    case generic
    /// A plan for every execution, made with its values (`force_custom_plan`): for a filter on related rows (`some`,
    /// `every`, `none`, `count`) with a value the client chose, whose selectivity decides between walking the list
    /// in order and hashing the related rows. There `auto` settles on a generic plan PostgreSQL estimates no worse and
    /// that ran 3 × slower (the analyst filter at scale 100, BENCHMARKS.md).
    case perExecution
}
