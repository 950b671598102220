/// A map bounded in bytes: each entry is stored with its cost (an estimate of the memory it holds, key
/// included), and the least recently used entries are dropped until the total is within the budget.
/// Not thread-safe: each cache guards its own with a lock.
///
/// Why bytes, not entries: a count bounds nothing when entries vary in size (a 60-byte dashboard query
/// and a 100 KB document are one entry each), so "10,000 entries" could mean gigabytes. An entry larger
/// than the whole budget is not stored at all.
///
/// Entries live in one array linked by indices (a doubly linked recency list without one allocation per
/// entry); freed slots are reused, so lookups, updates and evictions are O(1) each.
public struct ByteBoundedLRU<Key: Hashable, Value> {
    private struct Slot {
        var key: Key?
        var value: Value?
        var cost: Int
        /// Neighbour used more recently, nil for the newest.
        var newer: Int?
        /// Neighbour used less recently, nil for the oldest.
        var older: Int?
    }

    /// The most bytes the entries may cost together.
    public let budget: Int
    /// What the entries cost now.
    public private(set) var bytes = 0
    /// Entries dropped to stay within the budget, since creation.
    public private(set) var evictions = 0
    private var slots: [Slot] = []
    private var free: [Int] = []
    private var slotByKey: [Key: Int] = [:]
    private var newest: Int?
    private var oldest: Int?

    /// - Parameter budget: bytes; values below 1 mean 1 (nothing but the tiniest entry fits).
    public init(budget: Int) {
        self.budget = max(1, budget)
    }

    public var count: Int { slotByKey.count }

    /// The value for `key`, which becomes the most recently used.
    public mutating func value(for key: Key) -> Value? {
        guard let slot = slotByKey[key] else { return nil }
        moveToFront(slot)
        return slots[slot].value
    }

    /// Stores `value` as the most recently used entry, evicting the oldest until the total fits.
    ///
    /// - Returns: false when the entry alone is over the budget and was not stored (an entry of the same
    ///   key stored before is then removed, so the map never answers with a stale value).
    @discardableResult
    public mutating func insert(_ value: Value, for key: Key, cost: Int) -> Bool {
        let cost = max(1, cost)
        if let existing = slotByKey[key] { remove(slot: existing) }
        guard cost <= budget else { return false }
        while bytes + cost > budget, let victim = oldest {
            remove(slot: victim)
            evictions += 1
        }
        let slot: Int
        if let reused = free.popLast() {
            slot = reused
            slots[slot] = Slot(key: key, value: value, cost: cost)
        } else {
            slots.append(Slot(key: key, value: value, cost: cost))
            slot = slots.count - 1
        }
        slotByKey[key] = slot
        bytes += cost
        pushFront(slot)
        return true
    }

    /// Forgets `key`'s entry, if any.
    public mutating func removeValue(for key: Key) {
        if let slot = slotByKey[key] { remove(slot: slot) }
    }

    /// Every entry, most recently used first (for tests and diagnostics).
    public var entries: [(key: Key, value: Value)] {
        var result: [(key: Key, value: Value)] = []
        var slot = newest
        while let current = slot {
            if let key = slots[current].key, let value = slots[current].value { result.append((key, value)) }
            slot = slots[current].older
        }
        return result
    }

    /// Forgets every entry `condition` holds for; returns how many. Walks every entry: for rare, wide removals
    /// (the answers reading a table that changed), not for lookups.
    @discardableResult
    public mutating func removeAll(where condition: (Key, Value) -> Bool) -> Int {
        var removed = 0
        for slot in slots.indices {
            guard let key = slots[slot].key, let value = slots[slot].value, condition(key, value) else { continue }
            remove(slot: slot)
            removed += 1
        }
        return removed
    }

    private mutating func remove(slot: Int) {
        unlink(slot)
        if let key = slots[slot].key { slotByKey[key] = nil }
        bytes -= slots[slot].cost
        // The key and value are released now, not when the slot is reused.
        slots[slot] = Slot(key: nil, value: nil, cost: 0)
        free.append(slot)
    }

    private mutating func moveToFront(_ slot: Int) {
        guard newest != slot else { return }
        unlink(slot)
        pushFront(slot)
    }

    private mutating func unlink(_ slot: Int) {
        let newer = slots[slot].newer
        let older = slots[slot].older
        if let newer { slots[newer].older = older } else if newest == slot { newest = older }
        if let older { slots[older].newer = newer } else if oldest == slot { oldest = newer }
        slots[slot].newer = nil
        slots[slot].older = nil
    }

    private mutating func pushFront(_ slot: Int) {
        slots[slot].newer = nil
        slots[slot].older = newest
        if let newest { slots[newest].newer = slot }
        newest = slot
        if oldest == nil { oldest = slot }
    }
}

/// Memory estimates for cache entries, in one place so every cache counts the same way.
public enum CacheCost {
    /// A string's heap bytes (UTF-8) plus the object and dictionary overhead of holding it as a key.
    public static func text(_ text: String) -> Int { text.utf8.count + 64 }

    /// A parsed and validated document: its text, and the AST GraphQL builds from it. The AST
    /// (nodes, names, locations, arrays) takes about 16–20 bytes of heap per byte of source for
    /// typical queries; 24 is counted, so the budget errs towards using less memory than it says. Its literals
    /// (``DocumentLiterals``: the token shape, about the text's size, and the literal values) count 3 more.
    public static func document(textBytes: Int) -> Int { textBytes * 28 + 768 }
}
