"""Plausible reporting agencies: a region and a department.

Names are built from small lists so that a seed always gives the same agency,
and so that names carry the shapes real titles have (县/市/区/盟 levels, 人民政府
and its 办公室, bureaus, committees, towns and streets).
"""

from __future__ import annotations

import random
from dataclasses import dataclass

PROVINCES = ("山西省", "辽宁省", "江西省", "福建省", "江苏省", "湖北省", "四川省", "内蒙古自治区", "山东省", "广东省")
CITIES = (
    "盘锦市", "宜春市", "晋城市", "沈阳市", "淮安市", "威海市", "怀化市", "三明市", "宣城市", "鄂尔多斯市",
    "锡林郭勒盟", "武汉市", "深圳市", "平潭综合实验区",
)  # fmt: skip
COUNTIES = (
    "阳城县", "高安市", "洪泽区", "文登区", "宁国市", "龙岗区", "沁水县", "上饶县", "靖安县", "清河区",
    "大洼区", "盘山县", "长乐区", "新会区", "武宁县", "泾县",
)  # fmt: skip
TOWNS = ("城关镇", "北留镇", "润城镇", "凤城镇", "东城街道", "西关街道", "新华街道", "河口乡")
DEPARTMENTS = (
    "人民政府", "人民政府办公室", "科学技术局", "发展和改革委员会", "教育局", "公安局", "民政局", "司法局",
    "财政局", "人力资源和社会保障局", "自然资源局", "生态环境局", "住房和城乡建设局", "交通运输局", "水利局",
    "农业农村局", "商务局", "文化和旅游局", "卫生健康委员会", "退役军人事务局", "应急管理局", "审计局",
    "市场监督管理局", "统计局", "医疗保障局", "信访局", "工业和信息化局", "行政审批服务管理局",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Agency:
    """A reporting agency: its full name and how its prose refers to itself."""

    name: str
    self_reference: str


def random_agency(rng: random.Random) -> Agency:
    """An agency at province, city, county or town level."""
    level = rng.choices(("province", "city", "county", "town"), weights=(1, 4, 8, 2))[0]
    if level == "town":
        town = rng.choice(TOWNS)
        suffix = "办事处" if town.endswith("街道") else "人民政府"
        return Agency(rng.choice(COUNTIES) + town + suffix, "我街道" if town.endswith("街道") else "我镇")
    region = rng.choice({"province": PROVINCES, "city": CITIES, "county": COUNTIES}[level])
    department = rng.choice(DEPARTMENTS)
    return Agency(region + department, _self_reference(region, department))


def _self_reference(region: str, department: str) -> str:
    if department == "人民政府":
        return "我" + ("区" if region.endswith("区") else region[-1])
    if department.endswith("委员会"):
        return "我委"
    if department.endswith("办公室"):
        return "我办"
    return "我局"
