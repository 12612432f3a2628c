package com.anycompany.scoring.ocr;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FieldValuesTest {
    private static FieldSpec spec(FieldType type, String min, String max) {
        return new FieldSpec("f", type, true, List.of("f"), List.of(), Optional.empty(), Map.of(), 80, min, max, null);
    }

    private static FieldValues.Parsed parse(FieldType type, String raw) {
        return FieldValues.parse(spec(type, null, null), raw);
    }

    @Test
    void amountsInTheWaysPayStubsPrintThem() {
        assertEquals(new BigDecimal("452.43"), parse(FieldType.CURRENCY, "$ 452.43").value());
        assertEquals(new BigDecimal("23526.80"), parse(FieldType.CURRENCY, "23,526.80").value());
        assertEquals(new BigDecimal("-40.60"), parse(FieldType.CURRENCY, "-40.60").value());
        assertEquals(new BigDecimal("-40.60"), parse(FieldType.CURRENCY, "(40.60)").value());
        assertEquals(new BigDecimal("37.43"), parse(FieldType.CURRENCY, "37.43*").value());
        assertEquals(new BigDecimal("5600.00"), parse(FieldType.CURRENCY, "$ 5600").value());
        for (String bad : List.of("12,50", "TWO HUNDRED", "1.234", "$", "4,5,6.00")) {
            assertEquals("invalid_amount", parse(FieldType.CURRENCY, bad).code(), bad);
        }
        FieldValues.Parsed negative = FieldValues.parse(spec(FieldType.CURRENCY, "0", "1000"), "-5.00");
        assertEquals("out_of_range", negative.code());
        assertFalse(negative.problem().contains("5.00"), "never quotes the value");
    }

    @Test
    void datesAreStrict() {
        assertEquals(LocalDate.of(2008, 7, 25), parse(FieldType.DATE, "7/25/2008").value());
        assertEquals(LocalDate.of(2006, 6, 6), parse(FieldType.DATE, "06/06/2006").value());
        assertEquals(LocalDate.of(2008, 7, 25), parse(FieldType.DATE, "2008-07-25").value());
        assertEquals(LocalDate.of(2008, 7, 25), parse(FieldType.DATE, "July 25, 2008").value());
        assertEquals("invalid_date", parse(FieldType.DATE, "2/30/2008").code());
        assertEquals("invalid_date", parse(FieldType.DATE, "13/01/2008").code());
        assertEquals("out_of_range", FieldValues.parse(spec(FieldType.DATE, "1970-01-01", "2100-12-31"), "1/1/1900").code());
    }

    @Test
    void ssnAndEinFollowTheIssuingRules() {
        assertEquals("123-45-6789", parse(FieldType.SSN, "123456789").value());
        assertEquals("123-45-6789", parse(FieldType.SSN, "123 45 6789").value());
        for (String bad : List.of("987-65-4321", "000-12-3456", "666-12-3456", "123-00-4567", "123-45-0000",
                "12-345-6789", "1234-56-789")) {
            FieldValues.Parsed p = parse(FieldType.SSN, bad);
            assertEquals("invalid_ssn", p.code(), bad);
            assertFalse(p.problem().contains(bad), p.problem());
        }
        assertEquals("12-3456789", parse(FieldType.EIN, "123456789").value());
        assertEquals("invalid_ein", parse(FieldType.EIN, "07-1234567").code());
        assertEquals("invalid_ein", parse(FieldType.EIN, "1-23456789").code());
    }

    @Test
    void maskingLeavesNoSsnEinOrAmountInText() {
        String masked = PersonalData.mask("ssn 123-45-6789 ein 12-3456789 gross $ 452.43 ytd 23,526.80 net 291.90 "
                + "raw 123456789 on 7/25/2008");
        assertEquals("ssn ***-**-6789 ein **-******* gross $*** ytd $*** net $*** raw ***-**-6789 on 7/25/2008",
                masked);
        assertEquals("***-**-4321", PersonalData.maskSsn("987654321"));
        assertEquals("docId=stub-0004-48c036277499 job 3f6d2a1b9c8e7d", PersonalData.mask(
                "docId=stub-0004-48c036277499 job 3f6d2a1b9c8e7d"), "ids are not personal data");
    }

    @Test
    void aBrokenSpecNamesTheFileAndTheProblem() {
        String noLocator = "{\"type\":\"w2\",\"version\":1,\"classify\":{\"phrases\":{\"wage and tax statement\":3}},"
                + "\"fields\":[{\"name\":\"wages\",\"type\":\"currency\"}]}";
        var e = assertThrows(InvalidSpecException.class, () -> FormSpecs.parse(noLocator.getBytes(StandardCharsets.UTF_8),
                "w2.v1.json"));
        assertEquals("w2.v1.json: field wages: give keys, queries, table or options to locate it", e.getMessage());
        String badType = noLocator.replace("\"currency\"", "\"money\"");
        e = assertThrows(InvalidSpecException.class, () -> FormSpecs.parse(badType.getBytes(StandardCharsets.UTF_8), "w2.v1.json"));
        assertTrue(e.getMessage().startsWith("w2.v1.json: field wages: unknown field type 'money'"), e.getMessage());
        String badRule = "{\"type\":\"w2\",\"version\":1,\"classify\":{\"phrases\":{\"w-2\":3}},\"fields\":[{\"name\":"
                + "\"wages\",\"type\":\"currency\",\"keys\":[\"wages\"]}],\"rules\":[{\"check\":\"lte\",\"left\":\"wages\","
                + "\"right\":\"tips\"}]}";
        e = assertThrows(InvalidSpecException.class, () -> FormSpecs.parse(badRule.getBytes(StandardCharsets.UTF_8), "w2.v1.json"));
        assertEquals("w2.v1.json: rules: 'tips' is not a field of w2", e.getMessage());
    }

    @Test
    void aNewFormTypeIsANewSpecAndTheHighestVersionWins() {
        String v1 = "{\"type\":\"w2\",\"version\":1,\"classify\":{\"phrases\":{\"wage and tax statement\":3},\"minScore\":3},"
                + "\"fields\":[{\"name\":\"wages\",\"type\":\"currency\",\"required\":true,\"keys\":[\"wages tips other compensation\"]}]}";
        String v2 = v1.replace("\"version\":1", "\"version\":2").replace("\"required\":true", "\"required\":false");
        FormSpecs specs = FormSpecs.of(List.of(FormSpecs.parse(v1.getBytes(StandardCharsets.UTF_8), "a"),
                FormSpecs.parse(v2.getBytes(StandardCharsets.UTF_8), "b")));
        assertEquals("w2@2", specs.require("w2").id());
        assertEquals("wages tips other compensation", specs.require("w2").field("wages").keys().get(0));
    }
}
