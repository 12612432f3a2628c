package com.anycompany.scoring.model;

import java.util.List;

/**
 * The category names of one categorical feature as an XGBoost 3.1+ model stores them (its {@code cats} section, written
 * when the model was trained on a DataFrame): the name at index k is the category the trees know as code k.
 *
 * @param categories the names in code order; integer names are rendered in decimal ("-1", "30")
 * @param integers   true when the DataFrame's categories were integers: a record's value (a JSON number or text such as
 *                   "30") is then looked up as a name, never taken as a code
 */
public record CategoryVocabulary(List<String> categories, boolean integers) {
    public CategoryVocabulary {
        categories = List.copyOf(categories);
    }
}
