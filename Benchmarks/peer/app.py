"""A typical Python GraphQL stack over the same database, for comparison only (issue 18 §5).

Strawberry (resolvers per field) + asyncpg (a pool per worker) + DataLoaders (one batched statement per relation
and level, no N+1), served by uvicorn. It answers every benchmark operation of
Benchmarks/operations (cluster-list-page, cluster-detail, analyst-filter, fund-manager-groups, dashboard-distribution,
dashboard-target-progress) with the same data as qunji (bench-peer checks every answer before timing). Written as such a service usually is: simple
statements a person would write, Python objects in between, the rules' database functions where qunji uses them
(validity on a day, the clusters' kept figures, the titles valid on a day, the progress facts). Not part of qunji, not tested by its suite.

Environment: PEER_DATABASE_URL (a PostgreSQL URL), PEER_POOL_SIZE (connections per worker, default 8).
"""
from __future__ import annotations

import base64
import json
import os
from collections import defaultdict
from decimal import Decimal
from enum import Enum
from typing import Any, NewType, Optional

import asyncpg
import strawberry
from strawberry.asgi import GraphQL
from strawberry.dataloader import DataLoader
from strawberry.types import Info

# Exact decimals leave as JSON numbers, as qunji writes them (Strawberry's own Decimal is a string).
Number = strawberry.scalar(NewType("Number", Decimal), serialize=lambda value: float(value), parse_value=Decimal)
DateText = strawberry.scalar(NewType("DateText", str), serialize=lambda value: value.isoformat(), parse_value=str)

POOL: Optional[asyncpg.Pool] = None


async def pool() -> asyncpg.Pool:
    global POOL
    if POOL is None:
        POOL = await asyncpg.create_pool(os.environ["PEER_DATABASE_URL"], min_size=1,
                                         max_size=int(os.environ.get("PEER_POOL_SIZE", "8")),
                                         server_settings={"jit": "off"})
    return POOL


async def fetch(sql: str, *args: Any) -> list[asyncpg.Record]:
    async with (await pool()).acquire() as connection:
        return await connection.fetch(sql, *args)


# ---- Loaders: one statement per relation and level of a request ------------------------------------------

def rows_by(rows: list[asyncpg.Record], key: str) -> dict[Any, list[asyncpg.Record]]:
    grouped: dict[Any, list[asyncpg.Record]] = defaultdict(list)
    for row in rows:
        grouped[row[key]].append(row)
    return grouped


async def load_counties(codes: list[str]) -> list[Optional["County"]]:
    rows = await fetch("SELECT code, name, prefecture_code FROM county WHERE code = ANY($1)", codes)
    found = {row["code"]: County(code=row["code"], name=row["name"], prefecture_code=row["prefecture_code"]) for row in rows}
    return [found.get(code) for code in codes]


async def load_prefectures(codes: list[str]) -> list[Optional["Prefecture"]]:
    rows = await fetch("SELECT code, name FROM prefecture WHERE code = ANY($1)", codes)
    found = {row["code"]: Prefecture(name=row["name"]) for row in rows}
    return [found.get(code) for code in codes]


async def load_funds(codes: list[str]) -> list[Optional["Fund"]]:
    rows = await fetch("SELECT code, name FROM fund WHERE code = ANY($1)", codes)
    found = {row["code"]: Fund(name=row["name"]) for row in rows}
    return [found.get(code) for code in codes]


async def load_valid_until(ids: list[int]) -> list[Any]:
    rows = await fetch("SELECT cluster_id, valid_until FROM clusters_valid_on(qunji_today()) WHERE cluster_id = ANY($1)", ids)
    found = {row["cluster_id"]: row["valid_until"] for row in rows}
    return [found.get(cluster_id) for cluster_id in ids]


async def load_cluster_counties(ids: list[int]) -> list[list["ClusterCounty"]]:
    rows = rows_by(await fetch("SELECT cluster_id, county_code, output_share FROM cluster_county WHERE cluster_id = ANY($1) "
                               "ORDER BY cluster_id, county_code", ids), "cluster_id")
    return [[ClusterCounty(output_share=row["output_share"], county_code=row["county_code"]) for row in rows[i][:50]] for i in ids]


def counter(table: str):
    async def load(ids: list[int]) -> list[int]:
        rows = await fetch(f"SELECT cluster_id, count(*) AS n FROM {table} WHERE cluster_id = ANY($1) GROUP BY cluster_id", ids)
        found = {row["cluster_id"]: row["n"] for row in rows}
        return [found.get(cluster_id, 0) for cluster_id in ids]
    return load


def first_rows(sql: str, key: str, limit: int, make):
    """Each parent's first `limit` rows in one statement (a window per parent, as a person would write it)."""
    async def load(ids: list[int]) -> list[list[Any]]:
        rows = rows_by(await fetch(sql, ids, limit), key)
        return [[make(row) for row in rows[i]] for i in ids]
    return load


class Loaders:
    def __init__(self) -> None:
        self.county = DataLoader(load_counties)
        self.prefecture = DataLoader(load_prefectures)
        self.fund = DataLoader(load_funds)
        self.valid_until = DataLoader(load_valid_until)
        self.cluster_counties = DataLoader(load_cluster_counties)
        self.enterprise_count = DataLoader(counter("enterprise"))
        self.measure_count = DataLoader(counter("support_measure"))
        self.enterprises = {}
        self.qualifications = {}
        self.measures = {}
        self.indicators = {}

    def paged(self, cache: dict, limit: int, factory) -> DataLoader:
        if limit not in cache:
            cache[limit] = DataLoader(factory(limit))
        return cache[limit]


# ---- Types ----------------------------------------------------------------------------------------------

@strawberry.type
class Prefecture:
    name: str


@strawberry.type
class County:
    code: strawberry.Private[str]
    prefecture_code: strawberry.Private[str]
    name: str

    @strawberry.field
    async def prefecture(self, info: Info) -> Optional[Prefecture]:
        return await info.context["loaders"].prefecture.load(self.prefecture_code)


@strawberry.type
class Fund:
    name: str


@strawberry.type
class ClusterCounty:
    county_code: strawberry.Private[str]
    output_share: Number

    @strawberry.field
    async def county(self, info: Info) -> Optional[County]:
        return await info.context["loaders"].county.load(self.county_code)


@strawberry.type
class ClusterCountyConnection:
    nodes: list[ClusterCounty]


@strawberry.type
class Qualification:
    kind: str
    level: str
    granted_on: DateText
    expires_on: Optional[DateText]


@strawberry.type
class QualificationConnection:
    nodes: list[Qualification]


@strawberry.type
class Enterprise:
    id: strawberry.Private[int]
    name: str
    size: Optional[str]

    @strawberry.field
    async def qualifications(self, info: Info, first: int = 20) -> QualificationConnection:
        loader = info.context["loaders"].paged(info.context["loaders"].qualifications, first, lambda limit: first_rows(
            "SELECT * FROM (SELECT enterprise_id, kind_code, level_code, granted_on, expires_on, row_number() OVER "
            "(PARTITION BY enterprise_id ORDER BY granted_on, id) AS n FROM qualification WHERE enterprise_id = ANY($1)) q "
            "WHERE n <= $2 ORDER BY enterprise_id, n", "enterprise_id", limit,
            lambda row: Qualification(kind=row["kind_code"], level=row["level_code"], granted_on=row["granted_on"],
                                      expires_on=row["expires_on"])))
        return QualificationConnection(nodes=await loader.load(self.id))


@strawberry.type
class EnterpriseConnection:
    cluster_id: strawberry.Private[int]
    first: strawberry.Private[int]

    @strawberry.field
    async def total_count(self, info: Info) -> int:
        return await info.context["loaders"].enterprise_count.load(self.cluster_id)

    @strawberry.field
    async def nodes(self, info: Info) -> list[Enterprise]:
        loader = info.context["loaders"].paged(info.context["loaders"].enterprises, self.first, lambda limit: first_rows(
            "SELECT * FROM (SELECT id, cluster_id, name, size_code, row_number() OVER (PARTITION BY cluster_id ORDER BY id) AS n "
            "FROM enterprise WHERE cluster_id = ANY($1)) e WHERE n <= $2 ORDER BY cluster_id, n", "cluster_id", limit,
            lambda row: Enterprise(id=row["id"], name=row["name"], size=row["size_code"])))
        return await loader.load(self.cluster_id)


@strawberry.type
class SupportMeasure:
    fund_code: strawberry.Private[Optional[str]]
    year: int
    kind: str
    amount_yuan: Optional[Number]

    @strawberry.field
    async def fund(self, info: Info) -> Optional[Fund]:
        return None if self.fund_code is None else await info.context["loaders"].fund.load(self.fund_code)


@strawberry.type
class SupportMeasureConnection:
    cluster_id: strawberry.Private[int]
    first: strawberry.Private[int]

    @strawberry.field
    async def total_count(self, info: Info) -> int:
        return await info.context["loaders"].measure_count.load(self.cluster_id)

    @strawberry.field
    async def nodes(self, info: Info) -> list[SupportMeasure]:
        loader = info.context["loaders"].paged(info.context["loaders"].measures, self.first, lambda limit: first_rows(
            "SELECT * FROM (SELECT cluster_id, fund_code, year, kind_code, amount_yuan, row_number() OVER "
            "(PARTITION BY cluster_id ORDER BY year, id) AS n FROM support_measure WHERE cluster_id = ANY($1)) m "
            "WHERE n <= $2 ORDER BY cluster_id, n", "cluster_id", limit,
            lambda row: SupportMeasure(fund_code=row["fund_code"], year=row["year"], kind=row["kind_code"],
                                       amount_yuan=row["amount_yuan"])))
        return await loader.load(self.cluster_id)


@strawberry.type
class Indicator:
    year: int
    output_value: Optional[Number]
    sme_output_value: Optional[Number]
    leading_industry_output_value: Optional[Number]


@strawberry.type
class IndicatorConnection:
    nodes: list[Indicator]


@strawberry.type
class Cluster:
    id: strawberry.Private[int]
    applicant_county_code: strawberry.Private[str]
    code: str
    name: str
    leading_industry: str
    recorded_status: str

    @strawberry.field
    async def valid_until(self, info: Info) -> Optional[DateText]:
        return await info.context["loaders"].valid_until.load(self.id)

    @strawberry.field
    async def applicant_county(self, info: Info) -> Optional[County]:
        return await info.context["loaders"].county.load(self.applicant_county_code)

    @strawberry.field
    async def counties(self, info: Info) -> ClusterCountyConnection:
        return ClusterCountyConnection(nodes=await info.context["loaders"].cluster_counties.load(self.id))

    @strawberry.field
    def enterprises(self, first: int = 20) -> EnterpriseConnection:
        return EnterpriseConnection(cluster_id=self.id, first=first)

    @strawberry.field
    def support_measures(self, first: int = 20) -> SupportMeasureConnection:
        return SupportMeasureConnection(cluster_id=self.id, first=first)

    @strawberry.field
    async def indicators(self, info: Info, first: int = 20) -> IndicatorConnection:
        loader = info.context["loaders"].paged(info.context["loaders"].indicators, first, lambda limit: first_rows(
            "SELECT * FROM (SELECT cluster_id, year, output_value, sme_output_value, leading_industry_output_value, "
            "row_number() OVER (PARTITION BY cluster_id ORDER BY year) AS n FROM cluster_indicator WHERE cluster_id = ANY($1)) i "
            "WHERE n <= $2 ORDER BY cluster_id, n", "cluster_id", limit,
            lambda row: Indicator(year=row["year"], output_value=row["output_value"], sme_output_value=row["sme_output_value"],
                                  leading_industry_output_value=row["leading_industry_output_value"])))
        return IndicatorConnection(nodes=await loader.load(self.id))


CLUSTER_COLUMNS = "c.id, c.code, c.name, c.leading_industry, c.status_code, c.applicant_county_code"


def cluster_of(row: asyncpg.Record) -> Cluster:
    return Cluster(id=row["id"], code=row["code"], name=row["name"], leading_industry=row["leading_industry"],
                   recorded_status=row["status_code"], applicant_county_code=row["applicant_county_code"])


@strawberry.type
class PageInfo:
    has_next_page: bool
    end_cursor: Optional[str]


@strawberry.type
class ClusterConnection:
    total_count: int
    page_info: PageInfo
    nodes: list[Cluster]


# ---- Filters and orders: the shapes the benchmark operations use ---------------------------------------------

@strawberry.enum
class QualificationKind(Enum):
    LITTLE_GIANT = "LITTLE_GIANT"
    SPECIALIZED_SME = "SPECIALIZED_SME"
    INNOVATIVE_SME = "INNOVATIVE_SME"
    CHAMPION = "CHAMPION"
    TECH_SME = "TECH_SME"


@strawberry.input
class KindFilter:
    eq: QualificationKind


@strawberry.input
class QualificationFilter:
    kind: KindFilter


@strawberry.input
class SomeQualification:
    some: QualificationFilter


@strawberry.input
class EnterpriseFilter:
    qualifications: SomeQualification


@strawberry.input
class SomeEnterprise:
    some: EnterpriseFilter


@strawberry.input
class CodeFilter:
    eq: str


@strawberry.input
class PrefectureFilter:
    code: CodeFilter


@strawberry.input
class ClusterFilter:
    prefecture: Optional[PrefectureFilter] = None
    enterprises: Optional[SomeEnterprise] = None


@strawberry.enum
class Direction(Enum):
    ASC = "ASC"
    DESC = "DESC"


@strawberry.input
class CountyOrder:
    name: Direction


@strawberry.input
class ClusterOrder:
    name: Optional[Direction] = None
    applicant_county: Optional[CountyOrder] = None


@strawberry.enum
class MeasureGroupBy(Enum):
    FUND = "FUND"
    YEAR = "YEAR"


@strawberry.type
class MeasureGroupKey:
    fund_code: strawberry.Private[Optional[str]]
    year: Optional[int]

    @strawberry.field
    async def fund(self, info: Info) -> Optional[Fund]:
        return None if self.fund_code is None else await info.context["loaders"].fund.load(self.fund_code)


@strawberry.type
class MeasureSum:
    amount_yuan: Optional[Number]


@strawberry.type
class MeasureGroup:
    key: MeasureGroupKey
    count: int
    sum: MeasureSum


@strawberry.enum
class Dimension(Enum):
    PREFECTURE = "PREFECTURE"


@strawberry.enum
class ClusterStatus(Enum):
    CULTIVATING = "CULTIVATING"
    APPLYING = "APPLYING"
    RECOGNIZED = "RECOGNIZED"
    EXPIRED = "EXPIRED"
    REVOKED = "REVOKED"
    REJECTED = "REJECTED"


@strawberry.input
class StatusFilter:
    eq: ClusterStatus


@strawberry.input
class DistributionFilter:
    recorded_status: Optional[StatusFilter] = None


@strawberry.type
class DistributionBucket:
    key: str
    label: str
    cluster_count: int
    enterprise_count: int
    little_giant_count: int
    latest_output_value: Optional[Number]
    support_total: Optional[Number]


@strawberry.type
class YearProgress:
    year: int
    recognized: int


@strawberry.type
class PrefectureProgress:
    prefecture: Prefecture
    recognized: int
    still_valid: int


@strawberry.type
class TargetProgress:
    target: int
    recognized: int
    still_valid: int
    share_of_target: float
    by_year: list[YearProgress]
    by_prefecture: list[PrefectureProgress]


def cursor(row: asyncpg.Record) -> str:
    return base64.urlsafe_b64encode(json.dumps([row["name"], row["id"]]).encode()).decode().rstrip("=")


@strawberry.type
class Query:
    @strawberry.field
    async def clusters(self, first: int = 20, where: Optional[ClusterFilter] = None,
                       order_by: Optional[list[ClusterOrder]] = None) -> ClusterConnection:
        conditions, args = [], []
        if where and where.prefecture:
            args.append(where.prefecture.code.eq)
            conditions.append(f"c.applicant_county_code IN (SELECT code FROM county WHERE prefecture_code = ${len(args)})")
        if where and where.enterprises:
            args.append(where.enterprises.some.qualifications.some.kind.eq.value)
            conditions.append("EXISTS (SELECT 1 FROM enterprise e JOIN qualification q ON q.enterprise_id = e.id "
                              f"WHERE e.cluster_id = c.id AND q.kind_code = ${len(args)})")
        where_sql = " WHERE " + " AND ".join(conditions) if conditions else ""
        keys = []
        for order in order_by or []:
            if order.applicant_county:
                keys.append(f"(SELECT name FROM county WHERE code = c.applicant_county_code) {order.applicant_county.name.value}")
            if order.name:
                keys.append(f"c.name {order.name.value}")
        order_sql = ", ".join(keys + ["c.id"])
        total = (await fetch(f"SELECT count(*) AS n FROM cluster c{where_sql}", *args))[0]["n"]
        rows = await fetch(f"SELECT {CLUSTER_COLUMNS} FROM cluster c{where_sql} ORDER BY {order_sql} LIMIT {first + 1}", *args)
        page = rows[:first]
        return ClusterConnection(total_count=total, nodes=[cluster_of(row) for row in page],
                                 page_info=PageInfo(has_next_page=len(rows) > first,
                                                    end_cursor=cursor(page[-1]) if page else None))

    @strawberry.field
    async def cluster(self, code: str) -> Optional[Cluster]:
        rows = await fetch(f"SELECT {CLUSTER_COLUMNS} FROM cluster c WHERE c.code = $1", code)
        return cluster_of(rows[0]) if rows else None

    @strawberry.field
    async def distribution(self, dimension: Dimension, where: Optional[DistributionFilter] = None) -> list[DistributionBucket]:
        status = where.recorded_status.eq.value if where and where.recorded_status else None
        buckets = await fetch("SELECT code, name FROM prefecture ORDER BY code")
        figures = {row["key"]: row for row in await fetch(
            "SELECT k.prefecture_code AS key, count(*) AS clusters, sum(f.enterprises) AS enterprises, "
            "sum(f.latest_output) AS output, sum(f.support_total) AS support "
            "FROM cluster_figures_on(qunji_today()) f JOIN cluster c ON c.id = f.cluster_id "
            "LEFT JOIN county k ON k.code = c.applicant_county_code "
            "WHERE $1::text IS NULL OR c.status_code = $1 GROUP BY k.prefecture_code", status)}
        giants = {row["key"]: row["n"] for row in await fetch(
            "SELECT k.prefecture_code AS key, count(DISTINCT e.id) AS n FROM qualifications_valid_on(qunji_today()) q "
            "JOIN enterprise e ON e.id = q.enterprise_id JOIN cluster c ON c.id = e.cluster_id "
            "LEFT JOIN county k ON k.code = c.applicant_county_code "
            "WHERE q.kind_code = 'LITTLE_GIANT' AND ($1::text IS NULL OR c.status_code = $1) GROUP BY k.prefecture_code", status)}
        result = []
        for bucket in buckets:
            row = figures.get(bucket["code"])
            result.append(DistributionBucket(
                key=bucket["code"], label=bucket["name"], cluster_count=row["clusters"] if row else 0,
                enterprise_count=(row["enterprises"] or 0) if row else 0, little_giant_count=giants.get(bucket["code"], 0),
                latest_output_value=row["output"] if row else None, support_total=row["support"] if row else None))
        return result

    @strawberry.field
    async def target_progress(self) -> TargetProgress:
        target = (await fetch("SELECT target_count, start_year, end_year FROM plan_target WHERE code = '14th-FYP'"))[0]
        facts = (await fetch("SELECT * FROM target_progress_facts(qunji_today(), $1, $2)", target["start_year"], target["end_year"]))[0]
        prefectures = await fetch("SELECT code, name FROM prefecture ORDER BY code")
        rows = list(zip(facts["prefectures"] or [], facts["years"] or [], facts["recognized"] or [], facts["still_valid"] or []))
        recognized = sum(r[2] for r in rows)
        return TargetProgress(
            target=target["target_count"], recognized=recognized, still_valid=sum(r[3] for r in rows),
            share_of_target=float((Decimal(recognized) / Decimal(target["target_count"])).quantize(Decimal("0.0001"), rounding="ROUND_HALF_UP")),
            by_year=[YearProgress(year=year, recognized=sum(r[2] for r in rows if r[1] == year))
                     for year in range(target["start_year"], target["end_year"] + 1)],
            by_prefecture=[PrefectureProgress(prefecture=Prefecture(name=p["name"]),
                                              recognized=sum(r[2] for r in rows if r[0] == p["code"]),
                                              still_valid=sum(r[3] for r in rows if r[0] == p["code"])) for p in prefectures])

    @strawberry.field
    async def support_measure_groups(self, group_by: list[MeasureGroupBy]) -> list[MeasureGroup]:
        columns = {MeasureGroupBy.FUND: "fund_code", MeasureGroupBy.YEAR: "year"}
        keys = [columns[g] for g in group_by]
        rows = await fetch(f"SELECT {', '.join(keys)}, count(*) AS n, sum(amount_yuan) AS total FROM support_measure "
                           f"GROUP BY {', '.join(keys)} ORDER BY {', '.join(k + ' NULLS LAST' for k in keys)} LIMIT 100")
        return [MeasureGroup(key=MeasureGroupKey(fund_code=row.get("fund_code"), year=row.get("year")), count=row["n"],
                             sum=MeasureSum(amount_yuan=row["total"])) for row in rows]


class App(GraphQL):
    async def get_context(self, request, response) -> dict:
        return {"request": request, "response": response, "loaders": Loaders()}


app = App(strawberry.Schema(query=Query), graphql_ide=None)
