from tests.perf.helpers import assert_same_queries
from website.accounts.models import Cluster, EmploymentCentre


def test_centre_and_cluster_lists_do_not_grow_with_the_organisation(client, training_manager, org):
    client.force_login(training_manager)

    def grow():
        for number in range(10):
            cluster = Cluster.objects.create(
                region=org["region"], name=f"Cluster {number}", code=f"c-{number}"
            )
            EmploymentCentre.objects.create(
                cluster=cluster, name=f"CPI {number}", code=f"CPI-X{number:02d}", town="Enna"
            )

    assert_same_queries(client, "/admin/organizzazione/centri/", grow)
    assert_same_queries(client, "/admin/organizzazione/cluster/", lambda: None)
