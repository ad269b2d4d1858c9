"""The same ingestion on a Dask cluster (two worker processes) stores exactly what a local run stores."""

from __future__ import annotations

from pathlib import Path

from distributed import LocalCluster

from conftest import run_xxgk
from corpus_helpers import snapshot, write_generated, write_report, yearly
from xxgk.corpus.executors import executor_for
from xxgk.corpus.ingest import ingest
from xxgk.store import open_database


def test_ingest_on_a_local_dask_cluster_matches_a_local_run(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    write_generated(docs, 30)
    write_report(docs / "series-2022.txt", yearly("测试县科学技术局", 2022, carried_forward__natural_person=2))
    write_report(docs / "series-2023.txt", yearly("测试县科技局", 2023))
    local_url = f"sqlite:///{tmp_path / 'local.db'}"
    with executor_for(2) as workers:
        local = ingest(open_database(local_url), [docs], executor=workers.executor, workers=workers.count)
    assert local.added == 32 and local.crossyear_findings >= 1

    dask_url = f"sqlite:///{tmp_path / 'dask.db'}"
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        done = run_xxgk("ingest", str(docs), "--db", dask_url, "--scheduler", cluster.scheduler_address, timeout=300)
        assert done.returncode == 0, done.stderr
        assert "新入库 32 份" in done.stdout
        again = run_xxgk("ingest", str(docs), "--db", dask_url, "--scheduler", cluster.scheduler_address)
        assert again.stdout.startswith("没有新内容")
    assert snapshot(dask_url) == snapshot(local_url)
