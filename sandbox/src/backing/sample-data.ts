import mysql from "mysql2/promise";

/** Rows `sandbox seed` puts into a seeded MariaDB source, so a copy, a switchover and a lag have something to carry. */
export const SAMPLE_ROWS = 1000;

/** The statements that make them (MariaDB's built-in Sequence engine numbers the rows). */
export function sampleData(dbName: string): string[] {
  const table = `${mysql.escapeId(dbName)}.items`;
  return [
    `CREATE TABLE IF NOT EXISTS ${table} (id BIGINT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(64) NOT NULL,
       qty INT NOT NULL, created_at TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)) ENGINE=InnoDB`,
    `INSERT INTO ${table} (name, qty) SELECT CONCAT('item-', seq), seq % 97 FROM ${mysql.escapeId(dbName)}.seq_1_to_${SAMPLE_ROWS}`,
  ];
}
