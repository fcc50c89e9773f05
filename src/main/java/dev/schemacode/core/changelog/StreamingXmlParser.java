package dev.schemacode.core.changelog;

import liquibase.changelog.ChangeLogParameters;
import liquibase.changelog.ChangeSet;
import liquibase.changelog.DatabaseChangeLog;
import liquibase.exception.ChangeLogParseException;
import liquibase.parser.core.ParsedNode;
import liquibase.parser.core.xml.XMLChangeLogSAXParser;
import liquibase.resource.ResourceAccessor;

/**
 * Liquibase's XML changelog parser (XSD validation, parameters and includes unchanged) whose master
 * changelog passes each changeset to a {@link ParseListener} when it is added. A changeset reaches
 * the master changelog complete: its own file's changesets as they are built, an included file's
 * after that file's include has applied its logical path and {@code modifyChangeSets}. Does what
 * {@code AbstractChangeLogParser#parse} does, with the master changelog built here.
 */
final class StreamingXmlParser extends XMLChangeLogSAXParser {

    private final ParseListener listener;

    StreamingXmlParser(ParseListener listener) {
        this.listener = listener;
        setShouldWarnOnMismatchedXsdVersion(false);
    }

    @Override
    public DatabaseChangeLog parse(String physicalChangeLogLocation, ChangeLogParameters changeLogParameters,
            ResourceAccessor resourceAccessor) throws ChangeLogParseException {
        ParsedNode parsedNode = parseToNode(physicalChangeLogLocation, changeLogParameters, resourceAccessor);
        if (parsedNode == null) {
            return null;
        }
        DatabaseChangeLog changeLog = new DatabaseChangeLog(DatabaseChangeLog.normalizePath(physicalChangeLogLocation)) {
            @Override
            public void addChangeSet(ChangeSet changeSet) {
                super.addChangeSet(changeSet);
                listener.parsed(changeSet);
            }
        };
        changeLog.setChangeLogParameters(changeLogParameters);
        try {
            changeLog.load(parsedNode, resourceAccessor);
        } catch (Exception e) {
            throw new ChangeLogParseException(e);
        }
        return changeLog;
    }
}
