/** "10.11.19-MariaDB-0+deb12u1-log" → "MariaDB 10.11.19"; "8.0.36" → "MySQL 8.0.36": a MySQL-family server's name. */
export function serverName(version: string): string {
  const number = /^\d+\.\d+\.\d+/.exec(version)?.[0] ?? version;
  return `${/mariadb/i.test(version) ? "MariaDB" : "MySQL"} ${number}`;
}
