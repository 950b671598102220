extension OverlappingFields {
    /// Pairs of fragment names already compared, unordered (graphql-js's `PairSet`). Two fragments
    /// can meet many times in one document; comparing each pair once keeps the rule polynomial and
    /// stops recursion through fragments that spread each other.
    struct FragmentPairs {
        /// For the smaller name, the larger names it was compared with, and whether that comparison
        /// assumed mutually exclusive parents.
        private var compared: [String: [String: Bool]] = [:]

        /// A comparison without exclusivity covers one with it, not the other way round: the
        /// exclusive comparison skips the field-name and argument checks.
        func contains(_ name1: String, _ name2: String, areMutuallyExclusive: Bool) -> Bool {
            let (key1, key2) = name1 < name2 ? (name1, name2) : (name2, name1)
            guard let recorded = compared[key1]?[key2] else { return false }
            return areMutuallyExclusive ? true : recorded == areMutuallyExclusive
        }

        mutating func insert(_ name1: String, _ name2: String, areMutuallyExclusive: Bool) {
            let (key1, key2) = name1 < name2 ? (name1, name2) : (name2, name1)
            compared[key1, default: [:]][key2] = areMutuallyExclusive
        }
    }
}
