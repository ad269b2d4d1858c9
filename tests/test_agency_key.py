"""Agency names: one key for the variants of one body, different keys for different bodies."""

from __future__ import annotations

import pytest

from xxgk.agency import agency_key, region_of


@pytest.mark.parametrize(
    "variants",
    [
        ("阳城县科学技术局", "阳城县科技局", "阳城县 科学技术局", "阳城县科学技术局。", "【阳城县】科学技术局"),
        ("阳城县人民政府办公室", "阳城县政府办公室", "阳城县政府办", "阳城县人民政府办公厅"),
        ("阳城县人民政府", "阳城县政府", "山西省阳城县人民政府", "山西省晋城市阳城县人民政府"),
        ("江西省宜春市高安市科学技术局", "宜春市高安市科技局", "高安市科学技术局"),
        ("晋城市发展和改革委员会", "晋城市发改委", "山西省晋城市发展和改革委员会"),
        ("北京市东城区人民政府", "东城区人民政府"),
        ("上海市浦东新区卫生健康委员会", "浦东新区卫健委"),
        ("内蒙古自治区锡林郭勒盟行政公署", "锡林郭勒盟行政公署"),
        ("安徽省泾县人民政府", "泾县人民政府"),
        ("阳城县市场监督管理局", "阳城县市场监管局", "山西省阳城县市场监督管理局"),
        ("ＡＢＣ县　住房和城乡建设局", "ABC县住建局"),
    ],
)
def test_variants_of_one_agency_share_a_key(variants: tuple[str, ...]) -> None:
    keys = {agency_key(name) for name in variants}
    assert len(keys) == 1, keys


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("南京市鼓楼区人民政府", "福州市鼓楼区人民政府"),  # same district name in two cities
        ("阳城县城关镇人民政府", "沁水县城关镇人民政府"),  # towns are kept with their county
        ("晋城市科学技术局", "阳城县科学技术局"),
        ("阳城县教育局", "阳城县科学技术局"),
        ("山西省人民政府", "江西省人民政府"),
        ("阳城县城市管理局", "城市管理局"),
    ],
)
def test_different_agencies_keep_different_keys(one: str, other: str) -> None:
    assert agency_key(one) != agency_key(other)


def test_keys_and_regions_of_awkward_names() -> None:
    assert agency_key("") is None and agency_key(None) is None and agency_key("，。 ") is None
    assert agency_key("江西省宜春市高安市科学技术局") == "高安市科技局"
    assert agency_key("南京市鼓楼区人民政府") == "南京市鼓楼区政府"
    assert region_of("江西省宜春市高安市科学技术局") == "江西省宜春市高安市"
    assert region_of("阳城县城市管理局") == "阳城县"
    assert region_of("国务院办公厅") == ""
