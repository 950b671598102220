"""openpyxl on the other side of qunji's workbooks (SpreadsheetTests).

  dump FILE.xlsx   prints every sheet's cells as JSON, as openpyxl reads them:
                   {"sheet": [[cell, ...], ...]}, a cell being null, a string, a number,
                   a boolean, or {"date": "YYYY-MM-DD"} for a day.
  write FILE.xlsx  writes the workbook the tests expect to read back (shared strings,
                   dates with a number format, numbers, booleans, a gap in a row, a sheet
                   named in Chinese), as Excel-like tools write them.
"""
import datetime
import decimal
import json
import sys

import openpyxl


def cell_json(value):
    if isinstance(value, datetime.datetime):
        return {"date": value.date().isoformat()}
    if isinstance(value, datetime.date):
        return {"date": value.isoformat()}
    if isinstance(value, decimal.Decimal):
        return float(value)
    return value


def dump(path):
    workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    result = {}
    for sheet in workbook.worksheets:
        result[sheet.title] = [[cell_json(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    json.dump(result, sys.stdout, ensure_ascii=False)


def write(path):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "clusters"
    sheet.append(["集群编号 (cluster_code)", "名称 (name)", "认定日期 (recognized_on)", "产值 (output_yuan)", "高耗能 (energy_intensive)"])
    sheet.append(["GZ-2023-001", "遵义市汇川区航空航天装备集群（样例）", datetime.date(2023, 3, 1), 1234567.89, True])
    sheet.append(["GZ-2023-002", "A & B <c> \"quoted\"", datetime.date(1900, 3, 1), 42, False])
    sheet.append(["GZ-2023-003", None, None, None, None])
    sheet["E4"] = "gap before me"
    second = workbook.create_sheet("企业")
    second.append(["统一社会信用代码", "名称"])
    second.append(["91520302MA6DXXXX0X", "多行\n名称"])
    workbook.save(path)


if __name__ == "__main__":
    {"dump": dump, "write": write}[sys.argv[1]](sys.argv[2])
