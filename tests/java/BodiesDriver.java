package bodies.api.tests;

import bodies.api.client.DepotClient;
import bodies.api.client.okhttp.DepotOkHttpClient;
import bodies.api.models.batches.BatchesCreateBatchParams;
import bodies.api.models.counters.CountersSetCounterParams;
import bodies.api.models.customers.CustomersCreateCustomerParams;
import bodies.api.models.files.FilesPutFileContentParams;
import bodies.api.models.imports.ImportsCreateImportParams;
import bodies.api.models.notes.NotesCreateNoteParams;
import bodies.api.models.orders.OrdersCreateOrderParams;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Calls of the bodies fixture's Java SDK, one of each body kind, against the server at args[0];
 * tests/test_java_bodies_wire.py checks what arrived, request by request.
 */
public final class BodiesDriver {
    private BodiesDriver() {}

    public static void main(String[] args) {
        DepotClient client = DepotOkHttpClient.builder().baseUrl(args[0]).build();

        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("plan", "pro");
        metadata.put("note", "a&b");
        client.customers()
                .createCustomer(
                        CustomersCreateCustomerParams.builder()
                                .name("Ann Lee")
                                .email("ann@example.com")
                                .active(true)
                                .balance(1.5)
                                .metadata(metadata)
                                .expand(Arrays.asList("invoice", "tax"))
                                .items(
                                        Arrays.asList(
                                                CustomersCreateCustomerParams.Items.builder()
                                                        .price("p_1")
                                                        .quantity(2)
                                                        .build(),
                                                CustomersCreateCustomerParams.Items.builder()
                                                        .price("p_2")
                                                        .build()))
                                .tags(Arrays.asList("new", "vip"))
                                .labels(Arrays.asList("x", "y"))
                                .address(
                                        CustomersCreateCustomerParams.Address.builder()
                                                .line1("1 Main St")
                                                .city("Oslo")
                                                .build())
                                .build());

        Map<String, String> withNull = new LinkedHashMap<>();
        withNull.put("plan", null);
        withNull.put("tier", "gold");
        client.customers()
                .createCustomer(
                        CustomersCreateCustomerParams.builder()
                                .name("Bo")
                                .metadata(withNull)
                                .build());

        client.files()
                .putFileContent(
                        FilesPutFileContentParams.builder()
                                .fileId("f 1")
                                .body(new byte[] {0, 1, 'r', 'a', 'w'})
                                .build());

        client.notes().createNote(NotesCreateNoteParams.builder().body("héllo\nwörld").build());

        client.batches()
                .createBatch(
                        BatchesCreateBatchParams.builder()
                                .body(
                                        Arrays.asList(
                                                BatchesCreateBatchParams.Body.builder()
                                                        .sku("a")
                                                        .quantity(2)
                                                        .build(),
                                                BatchesCreateBatchParams.Body.builder()
                                                        .sku("b")
                                                        .build()))
                                .build());

        client.counters()
                .setCounter(CountersSetCounterParams.builder().name("hits").body(0).build());

        client.orders()
                .createOrder(OrdersCreateOrderParams.builder().sku("s1").quantity(1).build());

        client.imports()
                .createImport(ImportsCreateImportParams.builder().sku("s 2").quantity(3).build());
    }
}
