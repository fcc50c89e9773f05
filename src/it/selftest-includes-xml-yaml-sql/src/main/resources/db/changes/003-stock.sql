--liquibase formatted sql

--changeset ben:005-create-stock
CREATE TABLE stock (
    book_id BIGINT NOT NULL,
    quantity INT DEFAULT 0 NOT NULL,
    CONSTRAINT pk_stock PRIMARY KEY (book_id),
    CONSTRAINT fk_stock_book FOREIGN KEY (book_id) REFERENCES books (id)
);
--rollback DROP TABLE stock;

--changeset ana:006-stock-view
CREATE VIEW books_in_stock AS
SELECT b.id, b.title, s.quantity FROM books b JOIN stock s ON s.book_id = b.id WHERE s.quantity > 0;
--rollback DROP VIEW books_in_stock;
