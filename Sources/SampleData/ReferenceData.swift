import Postgres

/// The real reference rows the generator builds on, read from a migrated database so the sample data
/// always agrees with the geography and the public notices that are actually loaded.
struct ReferenceData {
    struct County {
        let code: String
        let name: String
        let nameEn: String
        let prefectureCode: String
        let prefectureName: String

        /// "仁怀" for 仁怀市, "道真" for 道真仡佬族苗族自治县: the short form used in enterprise names.
        var shortName: String {
            for suffix in ["苗族侗族自治县", "仡佬族苗族自治县", "土家族苗族自治县", "苗族土家族自治县", "布依族苗族自治县",
                           "苗族布依族自治县", "侗族自治县", "土家族自治县", "水族自治县", "苗族自治县", "自治县",
                           "特区", "县", "市", "区"] where name.hasSuffix(suffix) && name.count > suffix.count + 1 {
                return String(name.dropLast(suffix.count))
            }
            return name
        }

        /// "Renhuai" for "Renhuai City".
        var shortNameEn: String {
            nameEn.split(separator: " ").first.map(String.init) ?? nameEn
        }
    }

    /// A cluster named in the province's 2023 publicity notice of proposed clusters (拟认定).
    struct ProposedCluster {
        let noticeID: Int
        let year: Int
        let name: String
        let countyCode: String
        let leadingIndustry: String
        let source: String
    }

    let counties: [String: County]
    /// County codes in code order (deterministic iteration).
    let countyCodes: [String]
    let proposed: [ProposedCluster]

    static func load(from connection: PostgresConnection) throws -> ReferenceData {
        let rows = try connection.query("""
            SELECT k.code, k.name, k.name_en, p.code, p.name
            FROM county k JOIN prefecture p ON p.code = k.prefecture_code ORDER BY k.code
            """)
        var counties: [String: County] = [:]
        var codes: [String] = []
        for i in 0..<rows.count {
            guard let code = rows[i, 0], let name = rows[i, 1], let nameEn = rows[i, 2],
                  let prefectureCode = rows[i, 3], let prefectureName = rows[i, 4] else { continue }
            counties[code] = County(code: code, name: name, nameEn: nameEn, prefectureCode: prefectureCode,
                                    prefectureName: prefectureName)
            codes.append(code)
        }
        let notices = try connection.query("""
            SELECT id, year, name, county_code, leading_industry, source FROM public_cluster_notice
            WHERE level = 'provincial' AND notice_status = 'proposed' AND county_code IS NOT NULL ORDER BY id
            """)
        var proposed: [ProposedCluster] = []
        for i in 0..<notices.count {
            guard let id = notices[i, 0].flatMap({ Int($0) }), let year = notices[i, 1].flatMap({ Int($0) }),
                  let name = notices[i, 2], let county = notices[i, 3], let industry = notices[i, 4],
                  let source = notices[i, 5] else { continue }
            proposed.append(ProposedCluster(noticeID: id, year: year, name: name, countyCode: county,
                                            leadingIndustry: industry, source: source))
        }
        return ReferenceData(counties: counties, countyCodes: codes, proposed: proposed)
    }
}
