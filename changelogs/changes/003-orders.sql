--liquibase formatted sql

-- Orders, written as plain SQL. Every changeset carries its own rollback.

--changeset ben:015-create-orders
--comment: Customer orders
CREATE TABLE orders (
    id BIGINT NOT NULL,
    customer_id BIGINT NOT NULL,
    status VARCHAR(20) DEFAULT 'NEW' NOT NULL,
    ordered_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL,
    CONSTRAINT pk_orders PRIMARY KEY (id),
    CONSTRAINT fk_orders_customer FOREIGN KEY (customer_id) REFERENCES customers (id)
);
--rollback DROP TABLE orders;

--changeset ben:016-create-order-items
CREATE TABLE order_items (
    order_id BIGINT NOT NULL,
    line_no INT NOT NULL,
    book_id BIGINT NOT NULL,
    quantity INT NOT NULL,
    unit_price DECIMAL(10,2) NOT NULL,
    CONSTRAINT pk_order_items PRIMARY KEY (order_id, line_no),
    CONSTRAINT fk_order_items_order FOREIGN KEY (order_id) REFERENCES orders (id),
    CONSTRAINT fk_order_items_book FOREIGN KEY (book_id) REFERENCES books (id)
);
--rollback DROP TABLE order_items;

--changeset ana:017-order-totals-view labels:reporting
CREATE VIEW order_totals AS
SELECT o.id AS order_id, o.customer_id, SUM(i.quantity * i.unit_price) AS total
FROM orders o
JOIN order_items i ON i.order_id = o.id
GROUP BY o.id, o.customer_id;
--rollback DROP VIEW order_totals;

--changeset ana:018-seed-orders context:demo
INSERT INTO orders (id, customer_id, status) VALUES (1, 1, 'PAID');
INSERT INTO orders (id, customer_id, status) VALUES (2, 2, 'NEW');
INSERT INTO order_items (order_id, line_no, book_id, quantity, unit_price) VALUES (1, 1, 1, 2, 9.99);
INSERT INTO order_items (order_id, line_no, book_id, quantity, unit_price) VALUES (1, 2, 2, 1, 12.50);
INSERT INTO order_items (order_id, line_no, book_id, quantity, unit_price) VALUES (2, 1, 2, 1, 12.50);
--rollback DELETE FROM order_items WHERE order_id IN (1, 2);
--rollback DELETE FROM orders WHERE id IN (1, 2);
