"""Real sentences in languages other than English, for the wrong-language injection.

Short technical statements of the kind a documentation QA answer contains, written by
hand for this benchmark in German, French, Spanish, Italian, Portuguese and Dutch.
"""

SENTENCES: tuple[str, ...] = (
    "Die Datenbank speichert alle Tabellen in einer einzigen Datei auf der Festplatte.",
    "Eine Transaktion wird entweder vollständig ausgeführt oder gar nicht.",
    "Der Server muss vor der ersten Verbindung nicht konfiguriert werden.",
    "Die maximale Länge einer Zeichenkette wird beim Kompilieren festgelegt.",
    "Mehrere Prozesse können gleichzeitig aus derselben Datenbank lesen.",
    "Das Journal wird gelöscht, sobald die Transaktion abgeschlossen ist.",
    "La base de données enregistre toutes les tables dans un seul fichier.",
    "Une transaction est soit entièrement appliquée, soit pas du tout.",
    "Le nombre maximal de colonnes dans une table peut être réduit à la compilation.",
    "Plusieurs processus peuvent lire la même base de données en même temps.",
    "Le journal de retour est supprimé lorsque la transaction est validée.",
    "Cette bibliothèque ne nécessite aucun serveur séparé pour fonctionner.",
    "La base de datos guarda todas las tablas en un único archivo del disco.",
    "Una transacción se aplica por completo o no se aplica en absoluto.",
    "El número máximo de columnas de una tabla se puede reducir al compilar.",
    "Varios procesos pueden leer la misma base de datos al mismo tiempo.",
    "El registro de escritura anticipada permite que los lectores no bloqueen a los escritores.",
    "Esta biblioteca no necesita un servidor independiente para funcionar.",
    "Il database memorizza tutte le tabelle in un unico file sul disco.",
    "Una transazione viene applicata completamente oppure non viene applicata affatto.",
    "Il numero massimo di colonne in una tabella può essere ridotto durante la compilazione.",
    "Più processi possono leggere lo stesso database contemporaneamente.",
    "Il giornale di rollback viene eliminato quando la transazione è confermata.",
    "Questa libreria non richiede un server separato per funzionare.",
    "O banco de dados armazena todas as tabelas em um único arquivo no disco.",
    "Uma transação é aplicada por completo ou simplesmente não é aplicada.",
    "O número máximo de colunas de uma tabela pode ser reduzido na compilação.",
    "Vários processos podem ler o mesmo banco de dados ao mesmo tempo.",
    "O diário de reversão é apagado quando a transação é confirmada.",
    "Esta biblioteca não precisa de um servidor separado para funcionar.",
    "De database slaat alle tabellen op in één enkel bestand op de schijf.",
    "Een transactie wordt volledig uitgevoerd of helemaal niet.",
    "Het maximale aantal kolommen in een tabel kan bij het compileren worden verlaagd.",
    "Meerdere processen kunnen tegelijkertijd uit dezelfde database lezen.",
    "Het terugdraaijournaal wordt verwijderd zodra de transactie is voltooid.",
    "Deze bibliotheek heeft geen aparte server nodig om te werken.",
)
