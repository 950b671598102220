/// Builds GB 32100-2015 unified social credit codes for sample enterprises.
///
/// The database checks the 18th (check) character; generating it here with the same rule keeps the
/// sample data loadable. The registering division (characters 3-8) is the enterprise's county.
///
/// A generated code must never be a real enterprise's: the registration-authority character (the first) is
/// `X`, which GB 32100-2015 and the codes assigned since give to no authority (1-9, A, N and Y are taken: 9 is
/// market regulation, where every real company's code starts). The check character is still right, so the
/// database's GB 32100 check holds.
enum CreditCode {
    /// The registration-authority character of every generated code: assigned to no real authority.
    static let sampleAuthority: Character = "X"

    static let alphabet = Array("0123456789ABCDEFGHJKLMNPQRTUWXY")
    static let weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]

    /// The check character for the first 17 characters.
    static func checkCharacter(_ first17: [Character]) -> Character {
        var sum = 0
        for (character, weight) in zip(first17, weights) {
            sum += (alphabet.firstIndex(of: character) ?? 0) * weight
        }
        return alphabet[(31 - sum % 31) % 31]
    }

    /// `X1` (no real authority; enterprise) + county code + 9 random organisation-code characters + the check
    /// character.
    static func make(countyCode: String, random: inout SampleRandom) -> String {
        var characters = [sampleAuthority, "1"] + Array(countyCode)
        for _ in 0..<9 {
            characters.append(alphabet[random.int(0...(alphabet.count - 1))])
        }
        characters.append(checkCharacter(characters))
        return String(characters)
    }
}
