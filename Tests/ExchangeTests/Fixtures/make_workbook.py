"""A small, real-looking workbook of the programme's records, written with openpyxl as a
department's own tools would write it (shared strings, date cells, numbers).

The records are TEST DATA (测试数据), not official: the clusters, enterprises, titles, amounts and
dates are made up, and every name says so. The divisions are real (GB/T 2260); the credit codes are
well formed (GB 32100 check character) but their organisation part, 00000000x, was issued to no one.

  python3 make_workbook.py OUT.xlsx           the records, every check passing
  python3 make_workbook.py OUT.xlsx --errors  the same with one mistake of each kind a person makes
"""
import datetime
import sys

import openpyxl

D = datetime.date


def sheets(errors):
    clusters = [
        ["*集群编号 (cluster_code)", "*集群名称 (name)", "*英文名称 (name_en)", "*主导产业 (leading_industry)",
         "所属产业基地 (industrial_base)", "运营管理机构 (operating_body)", "*申报县（市、区） (applicant_county)",
         "入库日期 (pool_entry_date)", "*高耗能行业 (energy_intensive)", "*高用水行业 (water_intensive)"],
        ["TEST-520382-01", "仁怀市酱香白酒产业集群（测试数据）", "Renhuai sauce-flavour baijiu cluster (test data)", "酱香白酒",
         "BAIJIU", "仁怀市集群发展促进中心（测试数据）", "520382", D(2022, 3, 1), "否", "是"],
        ["TEST-520102-01", "南明区软件和信息服务集群（测试数据）", "Nanming software cluster (test data)", "软件和信息服务",
         "COMPUTING_POWER", "南明区软件园运营公司（测试数据）", "南明区", D(2022, 9, 1), "否", "否"],
    ]
    counties = [
        ["*集群编号 (cluster_code)", "*县（市、区） (county)", "*产值占比（%） (output_share)"],
        ["TEST-520382-01", "520382", 70],
        ["TEST-520382-01", "520330", 30 if not errors else 25],  # error: the shares sum to 95
        ["TEST-520102-01", "520102", 100],
    ]
    enterprises = [
        ["*统一社会信用代码 (credit_code)", "*企业名称 (name)", "*所在县（市、区） (county)", "所属集群编号 (cluster_code)",
         "*企业规模 (size)", "*属于主导产业 (in_leading_industry)", "*链主/龙头企业 (is_leading_enterprise)",
         "*成立日期 (founded_on)", "从业人数 (employees)", "营业收入（元） (revenue)"],
        ["91520382000000001Q", "仁怀测试酒业有限公司（测试数据）", "520382", "TEST-520382-01", "MEDIUM", "是", "是", D(2010, 5, 1), 300, 123456789.5],
        ["91520382000000002U" if not errors else "91520382000000002X", "仁怀测试包装有限公司（测试数据）", "520382", "TEST-520382-01",
         "SMALL", "是", "否", D(2015, 1, 1), 50, 1000000],  # error: a wrong check character
        ["91520102000000005" + "?", "南明测试软件有限公司（测试数据）", "520102", "TEST-520102-01", "SMALL", "是", "否",
         "2018-07-01" if not errors else "2018-02-30", 80, 25000000.25],  # error: no such day
    ]
    titles = [
        ["*统一社会信用代码 (credit_code)", "*称号类别 (kind)", "*称号级别 (level)", "*认定日期 (granted_on)", "证书或文件编号 (certificate_no)"],
        ["91520382000000001Q", "LITTLE_GIANT", "NATIONAL", D(2021, 7, 1), "测试-001"],
        ["91520382000000001Q", "专精特新中小企业", "PROVINCIAL", D(2020, 12, 1), "测试-002"],
    ]
    indicators = [
        ["*集群编号 (cluster_code)", "*年度 (year)", "*集群总产值（元） (output_value)", "*中小企业产值（元） (sme_output_value)",
         "*主导产业产值（元） (leading_industry_output_value)", "*企业数 (enterprise_count)", "*中小企业数 (sme_count)",
         "上云率 (cloud_adoption_rate)"],
        ["TEST-520382-01", 2021, 9200000000, 6100000000, 8300000000, 120, 112, 0.41],
        ["TEST-520382-01", 2022, 10400000000, 6900000000, 9400000000, 126, 117, 0.45 if not errors else 0.456789],  # error: too many decimals
    ]
    measures = [
        ["*集群编号 (cluster_code)", "*项目编号 (measure_no)", "*年度 (year)", "*措施名称 (title)", "资金编号 (fund_code)",
         "*支持层级 (granting_level)", "*支持方式 (kind)", "*支持方向 (direction)", "金额（元） (amount_yuan)", "批准日期 (approved_on)"],
        ["TEST-520382-01", "测试〔2023〕1号", 2023, "酱香白酒集群强链补链项目（测试数据）", "SME_DEVELOPMENT_FUND", "PROVINCIAL", "GRANT",
         "LEADING_INDUSTRY", 3000000, D(2023, 10, 9)],
        ["TEST-520102-01" if not errors else "TEST-520102-99", "测试〔2023〕2号", 2023, "软件集群数字化转型项目（测试数据）",
         "SME_DEVELOPMENT_FUND", "PROVINCIAL", "GRANT", "DIGITAL", 1500000, D(2023, 11, 20)],  # error: no such cluster
    ]
    rounds = [
        ["*年度 (year)", "*申报通知 (call_title)", "*通知日期 (call_issued_on)", "*截止日期 (deadline)", "*认定标准 (standard)"],
        [2023, "关于组织开展2023年度中小企业特色产业集群申报工作的通知（测试数据）", D(2023, 5, 10), D(2023, 6, 30), "MIIT-2022"],
    ]
    applications = [
        ["*集群编号 (cluster_code)", "*申报年度 (round_year)", "*申报县（市、区） (applicant_county)", "*申报日期 (submitted_on)",
         "初审日期 (first_review_on)", "实地核查日期 (site_check_on)", "推荐日期 (recommended_on)", "省级评审日期 (provincial_review_on)",
         "*省级评审单位 (provincial_review_by)", "公示开始 (public_notice_from)", "公示结束 (public_notice_to)", "决定日期 (decided_on)",
         "*结果 (outcome)"],
        ["TEST-520382-01", 2023, "520382", D(2023, 6, 1), D(2023, 6, 10), D(2023, 6, 20), D(2023, 6, 30), D(2023, 7, 15),
         "贵州省工业和信息化厅（测试数据）", D(2023, 8, 1), D(2023, 8, 7), D(2023, 8, 10), "APPROVED"],
    ]
    recognitions = [
        ["*集群编号 (cluster_code)", "*认定日期 (recognized_on)", "*有效期（年） (validity_years)", "所据申报年度 (application_round_year)",
         "文件编号 (notice_no)"],
        ["TEST-520382-01", D(2023, 8, 15) if not errors else D(2023, 8, 5), 3, 2023, "测试〔2023〕9号"],  # error: before the notice ended
    ]
    reports = [
        ["*集群编号 (cluster_code)", "*报告年度 (year)", "*报送市（州） (prefecture)", "*报送日期 (submitted_on)", "摘要 (summary)"],
        ["TEST-520382-01", 2023, "遵义市", D(2024, 3, 5), "2023年度发展情况（测试数据）"],
    ]
    checks = [
        ["*集群编号 (cluster_code)", "*监测日期 (checked_on)", "*监测单位 (checked_by)", "*是否配合 (cooperated)"],
        ["TEST-520382-01", D(2024, 6, 1), "遵义市工业和信息化局（测试数据）", "是"],
    ]
    return [("集群 clusters", clusters), ("集群覆盖县 cluster_counties", counties), ("企业 enterprises", enterprises),
            ("企业称号 qualifications", titles), ("集群年度指标 indicators", indicators), ("支持措施 support_measures", measures),
            ("申报批次 application_rounds", rounds), ("申报 applications", applications), ("认定 recognitions", recognitions),
            ("年度报告 annual_reports", reports), ("监测 monitoring_checks", checks)]


def check_character(first17):
    alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
    total = sum(alphabet.index(c) * w for c, w in zip(first17, weights))
    return alphabet[(31 - total % 31) % 31]


def main():
    out, errors = sys.argv[1], "--errors" in sys.argv
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets(errors):
        sheet = workbook.create_sheet(title)
        for row in rows:
            row = [check_character(v[:17]) and v[:17] + check_character(v[:17]) if isinstance(v, str) and v.endswith("?") else v
                   for v in row]
            sheet.append(row)
        for cell in sheet[1]:
            cell.font = openpyxl.styles.Font(bold=True)
        for column in sheet.iter_cols(min_row=2):
            for cell in column:
                if isinstance(cell.value, datetime.date):
                    cell.number_format = "yyyy-mm-dd"
    workbook.save(out)


if __name__ == "__main__":
    main()
